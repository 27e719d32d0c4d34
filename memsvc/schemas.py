"""Shared schema pieces: ids, timestamps, request bodies and the error body."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from memsvc import dates
from memsvc.limits import JsonObject

_DATETIME = TypeAdapter(datetime)
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _parse_timestamp(value: Any) -> Any:
    """ISO 8601 only: pydantic would also read numbers (and numeric strings) as epoch seconds,
    so `as_of=0.5` or `"timestamp": 1` would silently mean January 1970."""
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and _NUMBER.fullmatch(value)
    ):
        raise ValueError("expected an ISO 8601 date-time string, e.g. 2023-05-08T13:56:00Z")
    return _DATETIME.validate_python(value) if isinstance(value, str) else value


def _as_utc(value: datetime) -> datetime:
    """Naive timestamps are taken as UTC; aware ones are converted to UTC; the date must lie in
    the span time arithmetic stays inside (see memsvc.dates)."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if not dates.EARLIEST <= value <= dates.LATEST:
        raise ValueError(f"timestamps must lie {dates.RANGE_TEXT}")
    return value


Timestamp = Annotated[datetime, BeforeValidator(_parse_timestamp), AfterValidator(_as_utc)]

# Client ids appear in URL paths, so one made only of dots would be a path segment ("." or
# "..") that clients normalise away: DELETE /v1/users/u/scratchpad/.. would become
# DELETE /v1/users/u. Ids therefore need at least one character that is not a dot.
ID_CHARS = r"[A-Za-z0-9_.:@\-]"
EXTERNAL_ID = rf"^{ID_CHARS}*[A-Za-z0-9_:@\-]{ID_CHARS}*$"
ID_RULE = "characters from A-Z a-z 0-9 _ . : @ -, not only dots"


def client_id(max_length: int, what: str = "Client-chosen id") -> Any:
    """A body field type for a client id of at most max_length characters."""
    return Annotated[
        str,
        StringConstraints(min_length=1, max_length=max_length, pattern=EXTERNAL_ID),
        Field(description=f"{what}: 1-{max_length} {ID_RULE}"),
    ]


def path_id(what: str, max_length: int = 128) -> Any:
    """A URL path parameter holding an id (the same rule as in bodies)."""
    return Annotated[
        str,
        Path(
            min_length=1,
            max_length=max_length,
            pattern=EXTERNAL_ID,
            description=f"{what}: 1-{max_length} {ID_RULE}",
        ),
    ]


ExternalId = client_id(128)
UserIdPath = path_id("The user's id")
SessionIdPath = path_id("The session's id")
TurnIdPath = path_id("The turn's id (as returned when it was stored)")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or whitespace")
    return value


NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL, even as a query parameter

# Text that must say something; the schema documents it with a pattern, the validator explains.
NOT_BLANK = r"\S"
NonBlankText = Annotated[
    str, AfterValidator(_not_blank), Field(json_schema_extra={"pattern": NOT_BLANK})
]
Metadata = Annotated[JsonObject, Field(default_factory=dict, description="Free-form JSON")]
# What reads return: checked on the way in, so a row stored under older limits still reads.
StoredMetadata = Annotated[
    dict[str, Any], Field(default_factory=dict, description="Free-form JSON")
]


class Schema(BaseModel):
    """Base for API models: ORM objects convert directly, unknown fields are refused."""

    model_config = ConfigDict(from_attributes=True, extra="forbid", populate_by_name=True)


def _unstorable(text: str) -> str | None:
    """Why a string cannot be stored as text (UTF-8 in SQLite, PostgreSQL and JSON), or None."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone UTF-16 surrogate (e.g. \\ud800); send valid Unicode"
    return None


def check_storable(data: Any) -> None:
    """Raise ValueError naming the first string (key or value) in data that cannot be stored.
    Iterative, so deeply nested JSON cannot exhaust the stack."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            problem = _unstorable(value)
            if problem:
                raise ValueError(f"{where or 'a value'} {problem}")
        elif isinstance(value, dict):
            for key, item in value.items():
                place = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and (problem := _unstorable(key)):
                    raise ValueError(f"a key in {where or 'the body'} {problem}")
                stack.append((place, item))
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))


class RequestSchema(Schema):
    """Base for request bodies: strict types (no "10" or true for a number, no 1 for a flag)
    and only text that every store can hold."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        if isinstance(data, dict):
            check_storable(data)
        return data


class ErrorDetail(BaseModel):
    """What went wrong and how to fix it."""

    code: str
    message: str
    details: Any | None = None
    request_id: str | None = None


class ErrorBody(BaseModel):
    """Every error response has this shape."""

    error: ErrorDetail
