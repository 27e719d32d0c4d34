"""Cursor pagination: list endpoints return `{items, next_cursor}`; the cursor is the opaque
sort key of a page's last item, so pages stay stable while items are added or deleted. Sort
keys hold JSON values (datetimes as ISO strings, which sort like the datetimes)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import Field
from sqlalchemy import ColumnElement

from memsvc import dates
from memsvc.errors import InvalidRequestError
from memsvc.schemas import Schema

T = TypeVar("T")
SortKey = tuple[Any, ...]

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500)")]
Cursor = Annotated[
    str | None,
    Query(min_length=1, max_length=512, description="The previous page's next_cursor"),
]


class Page(Schema, Generic[T]):
    """One page of a list; pass next_cursor back as `cursor` for the next (null: last page)."""

    items: list[T]
    next_cursor: str | None = Field(default=None, description="Null on the last page")


def encode(key: SortKey) -> str:
    """The cursor for a sort key (JSON-able values)."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode(cursor: str | None, *, shape: Sequence[type] | None = None) -> SortKey | None:
    """The sort key inside a cursor, its values checked against shape (datetime: an ISO string,
    parsed), or a 422 that says to pass next_cursor back unchanged."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(key, list) or (shape is not None and len(key) != len(shape)):
            raise ValueError("not a sort key")
        return tuple(key if shape is None else map(_typed, key, shape))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise InvalidRequestError(
            "invalid cursor: pass a page's next_cursor back unchanged", cursor=cursor
        ) from None


INT64 = range(-(2**63), 2**63)  # what every database's BIGINT holds


class IsoTime(str):
    """Shape marker for a sort-key slot holding a timestamp as its ISO string ('' for none):
    in-memory keys compare the strings, so the decoded value stays a string once checked."""


def _typed(value: Any, kind: type) -> Any:
    if kind is IsoTime:
        if value != "":
            _typed(value, datetime)
        return value
    if kind is datetime:
        moment = datetime.fromisoformat(value)  # TypeError/ValueError for anything else
        if not dates.supported(moment.date()):  # comparisons would convert past the calendar
            raise ValueError("date out of range")
        return moment
    if type(value) is not kind:  # bool is not an int here
        raise TypeError(f"expected {kind.__name__}")
    if kind is int and value not in INT64:
        raise ValueError("integer out of range")
    return value


def later_than(
    first: ColumnElement[Any], second: ColumnElement[Any], key: SortKey
) -> ColumnElement[bool]:
    """The SQL condition for rows sorted by (first, second) that come after a decoded key."""
    return (first > key[0]) | ((first == key[0]) & (second > key[1]))


def page(
    rows: Sequence[T], *, limit: int, key: Callable[[T], SortKey]
) -> tuple[list[T], str | None]:
    """A page from rows fetched with one extra (limit + 1): the extra row says more follow."""
    items = list(rows[:limit])
    more = len(rows) > limit
    return items, encode(key(items[-1])) if more and items else None


def after(
    rows: Sequence[T],
    *,
    cursor: str | None,
    limit: int,
    key: Callable[[T], SortKey],
    shape: Sequence[type],
) -> tuple[list[T], str | None]:
    """Keyset paging over rows already in memory and sorted by key (whose values have shape)."""
    start = decode(cursor, shape=shape)
    remaining = [r for r in rows if start is None or key(r) > start]
    return page(remaining, limit=limit, key=key)
