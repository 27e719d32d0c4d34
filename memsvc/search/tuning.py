"""The ranking constants in one place, overridable per request for experiments.

Each default is the value leave-one-conversation-out cross-validation chose on the LoCoMo dev
split with the default sparse leg, SPLADE (`python -m eval cv`, see eval/README.md and
eval/results/cv); BENCHMARKS.md gives the held-out figure beside
the in-sample one. `own_turns` and `successor_share` act only on first-person questions, which
LoCoMo has none of: they were chosen on the hand-written development probes
(eval/data/probes_handdev.json), never on the check set (probes_hand.json). A request may
override any of them (`tuning`), which is how the
cross-validation measures the alternatives through the API users call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, Self, TypeVar

from pydantic import Field

from memsvc.schemas import RequestSchema

BONUS = {"ge": 0.0, "le": 5.0}


class Tuning(RequestSchema):
    """Fusion weights, re-ranking bonuses, the context's packing and the evidence cut-off."""

    dense_weight: float = Field(
        default=0.2, ge=0.0, le=1.0, description="Weight of the dense leg (sparse: 1 - this)"
    )
    adaptive_dense: float = Field(
        default=0.4,
        ge=0.0,
        le=1.0,
        description="Extra dense weight when the query shares few terms with its best sparse hits",
    )
    speaker_match: float = Field(default=0.20, **BONUS, description="Turn spoken by a named person")
    people_match: float = Field(default=0.05, **BONUS, description="Turn mentions a named person")
    when_dated: float = Field(default=0.20, **BONUS, description="'When' question, dated turn")
    in_window: float = Field(default=0.50, **BONUS, description="Turn inside the query's window")
    answer_kind: float = Field(default=0.30, **BONUS, description="Turn names the asked kind")
    session_prior: float = Field(default=0.50, **BONUS, description="Share of session strength")
    recency: float = Field(default=0.60, **BONUS, description="'Now' question, later memory")
    neighbour_decay: float = Field(
        default=0.5, ge=0.0, le=1.0, description="A pulled-in neighbour's share of its source"
    )
    outdated_decay: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Score kept by a superseded turn ('now' asks)"
    )
    entity_expansion: float = Field(
        default=0.0, **BONUS, description="Weight of turns found by the query's names alone"
    )
    list_spread: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="'How many / which' questions: score share each further turn of one "
        "session loses, so the top covers more sessions",
    )
    own_turns: float = Field(
        default=0.3, **BONUS, description="First-person question: a turn of the user's own"
    )
    successor_share: float = Field(
        default=0.35,
        ge=0.0,
        le=1.0,
        description="Questions about the present: share of the best value statement's score "
        "from which a later one ranks above it (1.0: off)",
    )
    fall_off: float = Field(
        default=0.2,
        ge=0.0,
        le=1.0,
        description="Context: hits scoring below this share of the best one stay out",
    )
    strong_share: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="Context: hits from this share of the best one bring their neighbours in",
    )
    neighbour_share: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Context: a neighbour's place in the packing order, as a share of its hit's",
    )
    evidence_cutoff: float = Field(
        default=0.4651, ge=0.0, le=1.0, description="Evidence score below which the label is none"
    )


DEFAULT = Tuning()


class Tuned(Protocol):
    """A request that carries ranking constants (search, context)."""

    tuning: Tuning

    def model_copy(self, *, update: Mapping[str, object] | None = None) -> Self: ...


R = TypeVar("R", bound=Tuned)


def with_server_tuning(request: R, server: Mapping[str, float]) -> R:
    """The request with the server's constants (MEMSVC_TUNING) in place of the shipped
    defaults; the constants the request sets itself stay as it set them."""
    if not server:
        return request
    own = request.tuning.model_dump(exclude_unset=True)
    return request.model_copy(update={"tuning": Tuning.model_validate({**server, **own})})
