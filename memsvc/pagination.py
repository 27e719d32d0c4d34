"""Cursor pagination: list endpoints return `{items, next_cursor}`; the cursor is the opaque
sort key of a page's last item, so pages stay stable while items are added or deleted. Sort
keys hold JSON values (datetimes as ISO strings, which sort like the datetimes)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import Field

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


def decode(cursor: str | None, *, arity: int | None = None) -> SortKey | None:
    """The sort key inside a cursor, or a 422 that says to pass next_cursor back unchanged."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or (arity is not None and len(key) != arity):
        raise InvalidRequestError(
            "invalid cursor: pass a page's next_cursor back unchanged", cursor=cursor
        )
    return tuple(key)


def page(
    rows: Sequence[T], *, limit: int, key: Callable[[T], SortKey]
) -> tuple[list[T], str | None]:
    """A page from rows fetched with one extra (limit + 1): the extra row says more follow."""
    items = list(rows[:limit])
    more = len(rows) > limit
    return items, encode(key(items[-1])) if more and items else None


def after(
    rows: Sequence[T], *, cursor: str | None, limit: int, key: Callable[[T], SortKey]
) -> tuple[list[T], str | None]:
    """Keyset paging over rows already in memory and sorted by key."""
    start = decode(cursor, arity=len(key(rows[0])) if rows else None)
    remaining = [r for r in rows if start is None or key(r) > start]
    return page(remaining, limit=limit, key=key)
