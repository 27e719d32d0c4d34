"""Search API models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator

from memsvc.schemas import ExternalId, Schema, Timestamp

Mode = Literal["hybrid", "dense", "sparse"]
Fusion = Literal["convex", "rrf"]


class Features(Schema):
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


class MemoryFilter(Schema):
    """Which part of a user's memory to look in."""

    user_id: ExternalId
    session_ids: list[str] | None = Field(default=None, description="Only these sessions")
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

    k: int = Field(default=10, ge=1, le=100, description="How many hits (1-100)")


class SearchHit(Schema):
    """A retrieved turn and its fused relevance score."""

    id: str
    session_id: str
    turn_id: str | None
    seq: int
    speaker: str
    text: str
    timestamp: datetime
    score: float


class SearchResponse(Schema):
    """Hits, best first."""

    query: str
    hits: list[SearchHit]
