"""Context API models."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from memsvc.schemas import Schema
from memsvc.search.schemas import Evidence, QueryRequest


class ContextRequest(QueryRequest):
    """Ask for the memory a chat LLM should see before answering a query."""

    budget_tokens: int = Field(
        default=1024, gt=0, le=200_000, description="Hard cap on context tokens (cl100k_base)"
    )


class ContextItem(Schema):
    """One turn included in the context."""

    id: str
    session_id: str
    turn_id: str | None
    speaker: str
    text: str
    timestamp: datetime
    score: float


class ContextResponse(Schema):
    """The context text, what it cites, and its size."""

    context: str
    tokens: int
    budget_tokens: int
    turn_ids: list[str] = Field(description="Ids of the turns the context contains")
    items: list[ContextItem] = Field(description="The included turns, chronologically")
    evidence: Evidence = Field(description="How well memory covers the query ('none': say so)")
