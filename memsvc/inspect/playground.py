"""The search playground: a GET form turned into the same SearchRequest and ContextRequest
the REST API takes, run through the same services."""

from __future__ import annotations

import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, get_args

from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy.orm import Session

from memsvc import deps
from memsvc.context import service as context
from memsvc.context.layout import Format
from memsvc.context.schemas import ContextRequest, ContextResponse
from memsvc.errors import MemsvcError
from memsvc.inspect.pages import validation_message
from memsvc.inspect.plots import score_bars
from memsvc.runtime import Runtime
from memsvc.search import service as search
from memsvc.search.schemas import Features, Mode, SearchRequest, SearchResponse, SearchTier
from memsvc.tenants.scope import Principal

FEATURES = tuple(Features.model_fields)
TIERS = get_args(SearchTier)
MODES = get_args(Mode)
FORMATS = get_args(Format)
LEG_ORDER = ("dense", "sparse", "names", "fused")  # the breakdown's first columns


@dataclass(frozen=True)
class Form:
    """The playground's fields as submitted (the defaults when not)."""

    user_id: str
    query: str = ""
    k: str = "10"
    reference_time: str = ""
    mode: str = "hybrid"
    tiers: tuple[str, ...] = ("episodic", "semantic")
    features: tuple[str, ...] = FEATURES
    budget_tokens: str = "1024"
    format: str = "text"

    @classmethod
    def of(cls, params: Any, *, user_id: str) -> Form:
        """The form from a query string; unticked boxes are absent once a query was sent."""
        if not params.get("query"):
            return cls(user_id=user_id)
        return cls(
            user_id=user_id,
            query=params.get("query", ""),
            k=params.get("k", "10"),
            reference_time=params.get("reference_time", ""),
            mode=params.get("mode", "hybrid"),
            tiers=tuple(params.getlist("tiers")),
            features=tuple(f for f in FEATURES if params.get(f"f_{f}")),
            budget_tokens=params.get("budget_tokens", "1024"),
            format=params.get("format", "text"),
        )

    def search_body(self) -> dict[str, Any]:
        """The JSON body POST /v1/search would get for this form (explain aside)."""
        body: dict[str, Any] = {
            "user_id": self.user_id,
            "query": self.query,
            "k": _number(self.k),
            "mode": self.mode,
            "tiers": list(self.tiers),
            "features": {f: f in self.features for f in FEATURES},
        }
        if self.reference_time:
            body["reference_time"] = self.reference_time
        return body

    def context_body(self) -> dict[str, Any]:
        """The JSON body POST /v1/context would get for this form."""
        body = {k: v for k, v in self.search_body().items() if k != "k"}
        return {**body, "budget_tokens": _number(self.budget_tokens), "format": self.format}


def _number(value: str) -> int | str:
    """A numeric field as JSON would carry it (anything else is left for validation to name)."""
    return int(value) if value.strip().lstrip("-").isdigit() else value


@dataclass(frozen=True)
class View:
    """What a query found, or why it was refused."""

    search: SearchResponse | None = None
    context: ContextResponse | None = None
    columns: list[str] = field(default_factory=list)
    plot: Markup = field(default_factory=Markup)
    error: str = ""


def run(db: Session, *, runtime: Runtime, tenant: Principal, form: Form) -> tuple[View, int]:
    """The search (with explain) and the context for the form; an empty view before a query."""
    if not form.query:
        return View(), 200
    try:
        # Parsed from JSON, as the REST API parses its bodies (strict types, ISO timestamps).
        searched = SearchRequest.model_validate_json(
            json.dumps({**form.search_body(), "explain": True})
        )
        asked = ContextRequest.model_validate_json(json.dumps(form.context_body()))
    except ValidationError as exc:
        status, message = validation_message(exc)
        return View(error=message), status
    try:
        found, packed = _search_and_context(
            db, runtime, tenant.scope_query(searched), tenant.scope_query(asked)
        )
    except MemsvcError as exc:
        return View(error=exc.message), exc.status_code
    return View(
        search=found,
        context=packed,
        columns=_columns([hit.explain or {} for hit in found.hits]),
        plot=score_bars([hit.score for hit in found.hits]),
    ), 200


def _search_and_context(
    db: Session, runtime: Runtime, searched: SearchRequest, asked: ContextRequest
) -> tuple[SearchResponse, ContextResponse]:
    """Both at once: the context in its own read transaction on a second thread, so the page
    waits for the slower of the two rather than their sum (encoding, the index and SQL
    release the GIL)."""

    def build_context() -> ContextResponse:
        with deps.transaction(runtime.read_sessions()) as own:
            return context.build(own, runtime=runtime, request=asked)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="playground") as second:
        future = second.submit(build_context)
        try:
            found = search.search(db, runtime=runtime, request=searched)
        finally:
            packed = future.result()  # never left running past the request, even on an error
    return found, packed


def _columns(breakdowns: list[Mapping[str, float]]) -> list[str]:
    """The breakdown's columns: the legs first, then every step some hit has."""
    steps = sorted({name for parts in breakdowns for name in parts} - set(LEG_ORDER))
    return [*LEG_ORDER, *steps]
