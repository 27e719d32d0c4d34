"""Request plans: what one API call sends and how its answer is read, with no I/O in sight."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Generic, TypeVar, cast
from urllib.parse import quote

from pydantic_core import to_jsonable_python

from .models import Page

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class APIRequest(Generic[T]):
    """One HTTP call: method, path under the base URL, query, JSON body and the response type."""

    method: str
    path: str
    cast_to: type[T]
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    json: Any = None


@dataclasses.dataclass(frozen=True, slots=True)
class PageRequest(Generic[T]):
    """A list endpoint: fetched page by page, following `next_cursor`, yielding items."""

    path: str
    item: type[T]
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    cursor: str | None = None

    def page(self, cursor: str | None) -> APIRequest[Page[T]]:
        """The request for the page at `cursor` (None for the first page)."""
        page_type: type[Page[T]] = cast(Any, Page)[self.item]
        return APIRequest("GET", self.path, page_type, params=query(**self.params, cursor=cursor))


def path(template: str, **segments: str) -> str:
    """Fill a path template, percent-encoding each id so it stays one path segment."""
    return template.format(**{name: _segment(value) for name, value in segments.items()})


def _segment(value: str) -> str:
    encoded = quote(str(value), safe="")
    # "." and ".." would be collapsed by URL normalisation; encode them to keep the id intact.
    return encoded.replace(".", "%2E") if encoded in {".", ".."} else encoded


def body(**fields: Any) -> dict[str, Any]:
    """A JSON body without the unset (None) fields, so the server's defaults apply."""
    return {key: value for key, value in fields.items() if value is not None}


def query(**params: Any) -> dict[str, Any]:
    """Query parameters without the unset (None) ones, datetimes as ISO 8601."""
    return {key: to_jsonable_python(value) for key, value in params.items() if value is not None}
