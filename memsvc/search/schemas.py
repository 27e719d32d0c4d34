"""Search API models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import ConfigDict, Field, field_validator, model_validator

from memsvc.schemas import ExternalId, RequestSchema, Schema, Timestamp
from memsvc.search.tuning import Tuning
from memsvc.tenants.scope import PublicId
from memsvc.turns.schemas import TurnRef

Mode = Literal["hybrid", "dense", "sparse"]
Fusion = Literal["convex", "rrf"]
SearchTier = Literal["episodic", "semantic", "episode"]


class Features(RequestSchema):
    """Retrieval features, each switchable per request (the benchmark's ablations)."""

    entities: bool = Field(default=True, description="Boost turns about the query's people")
    when: bool = Field(default=True, description="'When ...?' questions favour dated turns")
    time: bool = Field(default=True, description="Boost turns inside the query's time window")
    neighbours: bool = Field(default=True, description="Pull in the turns next to strong hits")
    kinds: bool = Field(
        default=True, description="'Which cities ...?' favours turns naming that kind of entity"
    )
    sessions: bool = Field(
        default=True, description="Favour turns from the sessions that match the query best"
    )
    recency: bool = Field(
        default=True, description="'... now?' questions favour the latest of similar memories"
    )


class MemoryFilter(RequestSchema):
    """Which part of a user's memory to look in."""

    user_id: ExternalId
    session_ids: list[ExternalId] | None = Field(default=None, description="Only these sessions")
    speakers: list[str] | None = Field(default=None, description="Only turns by these speakers")
    start: Timestamp | None = Field(default=None, description="Only turns at or after this time")
    end: Timestamp | None = Field(default=None, description="Only turns at or before this time")
    mode: Mode = Field(
        default="hybrid", description="Ranking: dense + lexical fused (default), or one leg alone"
    )
    fusion: Fusion = Field(
        default="convex",
        description="How hybrid mode fuses the legs: weighted normalised scores, or RRF",
    )
    reference_time: Timestamp | None = Field(
        default=None, description="'Now' for relative time in the query (last week...); default now"
    )
    features: Features = Field(default_factory=Features)
    tiers: list[SearchTier] = Field(
        default_factory=lambda: ["episodic", "semantic"],
        min_length=1,
        description="Where to look: turns (episodic), facts (semantic), session episodes",
    )
    as_of: Timestamp | None = Field(
        default=None, description="Facts as they were at this time (default: current facts)"
    )
    include_history: bool = Field(
        default=False, description="Also return superseded facts, marked with their validity"
    )
    tuning: Tuning = Field(
        default_factory=Tuning,
        description="Advanced: override ranking constants for this request (experiments); the "
        "defaults were chosen by cross-validation",
    )

    @model_validator(mode="after")
    def _window_in_order(self) -> Self:
        if self.start and self.end and self.start > self.end:
            raise ValueError("start must not be after end")
        return self


class QueryRequest(MemoryFilter):
    """A query over a user's memory."""

    query: str = Field(min_length=1, max_length=4000)

    @field_validator("query")
    @classmethod
    def _query_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("query must not be empty or whitespace")
        return value


class SearchRequest(QueryRequest):
    """Find the turns most relevant to a query."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": "caroline",
                    "query": "When did Caroline go to the support group?",
                    "k": 5,
                    "reference_time": "2023-05-20T09:00:00Z",
                }
            ]
        }
    )

    k: int = Field(default=10, ge=1, le=100, description="How many hits (1-100)")
    explain: bool = Field(
        default=False, description="Give each hit its score breakdown (`explain`; inspection)"
    )


class SearchHit(Schema):
    """A retrieved turn and its fused relevance score."""

    id: str
    session_id: PublicId
    turn_id: str | None
    seq: int
    speaker: str
    text: str
    timestamp: datetime
    score: float
    superseded: bool = Field(
        default=False, description="States a value a later fact or turn replaced (history)"
    )
    valid_to: datetime | None = Field(default=None, description="When that value stopped holding")
    superseded_by_turn: TurnRef | None = Field(
        default=None, description="The newest later turn that updates this one (it holds now)"
    )
    explain: dict[str, float] | None = Field(
        default=None,
        description="With explain=true: what each ranking step added to the score (dense, "
        "sparse and names legs, each boost, priors, decays, placement). `fused` is the subtotal "
        "of the legs; every other entry sums to the score",
    )


class MemoryHit(Schema):
    """A retrieved fact or episode, with its validity (current when valid_to is null)."""

    id: str
    tier: str
    session_id: PublicId | None
    text: str
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    superseded_by: str | None = None
    current: bool
    source_turn_ids: list[str] = Field(description="memsvc's ids of the turns it comes from")
    source_turns: list[TurnRef] = Field(
        default_factory=list, description="Those turns in your ids (session id, turn id)"
    )
    score: float


class Evidence(Schema):
    """How well the memory covers the query: chatbots can say "I don't remember" on 'none'."""

    strength: float = Field(description="0-1: share of the query's key nouns the best hits cover")
    similarity: float = Field(description="Best cosine similarity of the query to those hits")
    score: float = Field(
        description="0-1: calibrated likelihood that the best hits answer the query"
    )
    label: Literal["strong", "weak", "none"] = Field(
        description="none below the cut-off score (say 'I don't remember'), strong from 0.8"
    )
    signals: dict[str, float] = Field(
        default_factory=dict, description="The inputs of the score (for inspection)"
    )


class SearchResponse(Schema):
    """Turn hits and memory hits (facts, episodes), best first, and the evidence signal."""

    query: str
    hits: list[SearchHit]
    memories: list[MemoryHit] = Field(default_factory=list)
    evidence: Evidence
