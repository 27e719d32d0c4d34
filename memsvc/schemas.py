"""Shared schema pieces: ids, timestamps and the error body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


def _as_utc(value: datetime) -> datetime:
    """Naive timestamps are taken as UTC; aware ones are converted to UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]
EXTERNAL_ID = r"^[A-Za-z0-9_.:@\-]+$"
ExternalId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=128, pattern=EXTERNAL_ID),
    Field(description="Client-chosen id: 1-128 characters from A-Z a-z 0-9 _ . : @ -"),
]
# The same ids in a URL path.
UserIdPath = Annotated[
    str, Path(min_length=1, max_length=128, pattern=EXTERNAL_ID, description="The user's id")
]
SessionIdPath = Annotated[
    str, Path(min_length=1, max_length=128, pattern=EXTERNAL_ID, description="The session's id")
]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or whitespace")
    return value


# Text that must say something; the schema documents it with a pattern, the validator explains.
NOT_BLANK = r"\S"
NonBlankText = Annotated[
    str, AfterValidator(_not_blank), Field(json_schema_extra={"pattern": NOT_BLANK})
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
