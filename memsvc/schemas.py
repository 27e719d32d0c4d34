"""Shared schema pieces: ids, timestamps and the error body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


def _as_utc(value: datetime) -> datetime:
    """Naive timestamps are taken as UTC; aware ones are converted to UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]
ExternalId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@\-]+$"),
    Field(description="Client-chosen id: 1-128 characters from A-Z a-z 0-9 _ . : @ -"),
]
Metadata = Annotated[dict[str, Any], Field(default_factory=dict, description="Free-form JSON")]


class Schema(BaseModel):
    """Base for API models: ORM objects convert directly, unknown fields are refused."""

    model_config = ConfigDict(from_attributes=True, extra="forbid", populate_by_name=True)


class ErrorDetail(BaseModel):
    """What went wrong and how to fix it."""

    code: str
    message: str
    details: Any | None = None
    request_id: str | None = None


class ErrorBody(BaseModel):
    """Every error response has this shape."""

    error: ErrorDetail
