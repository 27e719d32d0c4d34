"""Context API models."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from memsvc.context.layout import Format
from memsvc.schemas import ExternalId, Schema
from memsvc.search.schemas import Evidence, QueryRequest
from memsvc.tenants.scope import PublicId
from memsvc.turns.schemas import TurnRef


class ContextRequest(QueryRequest):
    """Ask for the memory a chat LLM should see before answering a query."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": "caroline",
                    "query": "What did I do last week?",
                    "budget_tokens": 1024,
                    "reference_time": "2023-05-15T09:00:00Z",
                    "session_id": "s7",
                    "format": "messages",
                }
            ]
        }
    )

    budget_tokens: int = Field(
        default=1024, gt=0, le=200_000, description="Hard cap on context tokens (cl100k_base)"
    )
    session_id: ExternalId | None = Field(
        default=None, description="The active session: its working memory leads the context"
    )
    format: Format = Field(
        default="text",
        description="text, markdown, json (structured items) or messages (a system message)",
    )


class ContextItem(Schema):
    """One turn included in the context."""

    id: str
    session_id: PublicId
    turn_id: str | None
    speaker: str
    text: str
    timestamp: datetime
    score: float


class Sources(Schema):
    """Every id the context cites, by kind."""

    turns: list[str] = Field(description="memsvc's ids of the turns (working memory included)")
    turn_refs: list[TurnRef] = Field(
        default_factory=list, description="Those turns in your ids (session id, turn id)"
    )
    facts: list[str]
    notes: list[str]


class ContextResponse(Schema):
    """The context, what it cites, its size and how well memory covers the query."""

    context: str = Field(description="The context in the requested format (JSON as a string)")
    format: Format
    messages: list[dict[str, str]] | None = Field(
        default=None, description="format=messages: prepend these to a chat completion request"
    )
    tokens: int
    budget_tokens: int
    turn_ids: list[str] = Field(description="memsvc's ids of the turns the context contains")
    turn_refs: list[TurnRef] = Field(
        default_factory=list, description="Those turns in your ids (session id, turn id)"
    )
    items: list[ContextItem] = Field(description="The included turns, chronologically")
    sources: Sources
    evidence: Evidence = Field(description="How well memory covers the query ('none': say so)")
