"""The resource namespaces (`client.users`, `client.sessions`, ...), shared by both clients.

Each method only describes its call; see `_resource.py` for how it is executed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from types import NoneType
from typing import Any, Literal

from pydantic import BaseModel

from ._request import APIRequest, PageRequest, body, path, query
from ._resource import CoreT, Resource, endpoint, paginated
from .models import (
    Episode,
    Fact,
    Note,
    Session,
    SessionClosed,
    Turn,
    TurnIn,
    TurnsAdded,
    User,
    WorkingMemory,
)

Timestamp = datetime | str
"""A datetime, or an ISO 8601 string such as "2023-05-08T13:56:00Z"."""


class Users(Resource[CoreT]):
    """`client.users`: the tenant's end users."""

    @endpoint
    def create(self, *, id: str, metadata: Mapping[str, Any] | None = None) -> APIRequest[User]:
        """Create a user, or return the existing one with this id."""
        return APIRequest("POST", "/v1/users", User, json=body(id=id, metadata=metadata))

    @endpoint
    def get(self, *, user_id: str) -> APIRequest[User]:
        """One user, with session and turn counts."""
        return APIRequest("GET", path("/v1/users/{u}", u=user_id), User)

    @endpoint
    def delete(self, *, user_id: str) -> APIRequest[None]:
        """Delete a user and everything stored about them."""
        return APIRequest("DELETE", path("/v1/users/{u}", u=user_id), NoneType)

    @paginated
    def list(self, *, limit: int | None = None) -> PageRequest[User]:
        """Every user of the tenant; `limit` is the page size (1-500)."""
        return PageRequest("/v1/users", User, query(limit=limit))


class Sessions(Resource[CoreT]):
    """`client.sessions`: conversations of a user."""

    @endpoint
    def create(
        self,
        *,
        user_id: str,
        id: str | None = None,
        started_at: Timestamp | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> APIRequest[Session]:
        """Create a session, or return the existing one with this id. Without an id the client
        picks one, so a retried request cannot create the session twice."""
        fields = body(user_id=user_id, id=id or new_id(), started_at=started_at, metadata=metadata)
        return APIRequest("POST", "/v1/sessions", Session, json=fields)

    @endpoint
    def get(self, *, session_id: str) -> APIRequest[Session]:
        """One session, with its turn count."""
        return APIRequest("GET", path("/v1/sessions/{s}", s=session_id), Session)

    @endpoint
    def delete(self, *, session_id: str) -> APIRequest[None]:
        """Delete a session, its turns and what was distilled from it."""
        return APIRequest("DELETE", path("/v1/sessions/{s}", s=session_id), NoneType)

    @endpoint
    def close(self, *, session_id: str) -> APIRequest[SessionClosed]:
        """Close a session; its episode, facts and notes are distilled in the background."""
        return APIRequest("POST", path("/v1/sessions/{s}/close", s=session_id), SessionClosed)

    @endpoint
    def working_memory(self, *, session_id: str) -> APIRequest[WorkingMemory]:
        """The session's recent turns and a rolling summary of its earlier part."""
        url = path("/v1/sessions/{s}/working-memory", s=session_id)
        return APIRequest("GET", url, WorkingMemory)

    @paginated
    def list(self, *, user_id: str, limit: int | None = None) -> PageRequest[Session]:
        """A user's sessions, oldest first; `limit` is the page size (1-500)."""
        return PageRequest("/v1/sessions", Session, query(user_id=user_id, limit=limit))


class Turns(Resource[CoreT]):
    """`client.turns`: the messages of a session."""

    @endpoint
    def add(
        self, *, session_id: str, turns: Sequence[TurnIn | Mapping[str, Any]]
    ) -> APIRequest[TurnsAdded]:
        """Append turns, all or none; turns whose `turn_id` is already stored are returned as is.
        Turns without a `turn_id` get one here, so a retried request stores nothing twice."""
        url = path("/v1/sessions/{s}/turns", s=session_id)
        return APIRequest("POST", url, TurnsAdded, json={"turns": [_turn(t) for t in turns]})

    @endpoint
    def get(self, *, turn_id: str) -> APIRequest[Turn]:
        """One stored turn."""
        return APIRequest("GET", path("/v1/turns/{t}", t=turn_id), Turn)

    @endpoint
    def delete(self, *, turn_id: str) -> APIRequest[None]:
        """Delete one turn from storage and the index."""
        return APIRequest("DELETE", path("/v1/turns/{t}", t=turn_id), NoneType)

    @paginated
    def list(self, *, session_id: str, limit: int | None = None) -> PageRequest[Turn]:
        """A session's turns, oldest first; `limit` is the page size (1-500)."""
        return PageRequest(path("/v1/sessions/{s}/turns", s=session_id), Turn, query(limit=limit))


class Facts(Resource[CoreT]):
    """`client.facts`: facts distilled from a user's sessions."""

    @paginated
    def list(
        self,
        *,
        user_id: str,
        status: Literal["current", "history", "all"] | None = None,
        as_of: Timestamp | None = None,
        subject: str | None = None,
        limit: int | None = None,
    ) -> PageRequest[Fact]:
        """A user's facts: current ones by default, or those true at `as_of`."""
        params = query(status=status, as_of=as_of, subject=subject, limit=limit)
        return PageRequest(path("/v1/users/{u}/facts", u=user_id), Fact, params)


class Episodes(Resource[CoreT]):
    """`client.episodes`: one summary per consolidated session."""

    @paginated
    def list(self, *, user_id: str, limit: int | None = None) -> PageRequest[Episode]:
        """A user's episodes; `limit` is the page size (1-500)."""
        return PageRequest(path("/v1/users/{u}/episodes", u=user_id), Episode, query(limit=limit))


class Scratchpad(Resource[CoreT]):
    """`client.scratchpad`: free-text notes about a user."""

    @endpoint
    def add(self, *, user_id: str, text: str, id: str | None = None) -> APIRequest[Note]:
        """Add a note; re-adding an id with the same text returns the stored note. Without an
        id the client picks one, so a retried request cannot add the note twice."""
        url = path("/v1/users/{u}/scratchpad", u=user_id)
        return APIRequest("POST", url, Note, json=body(text=text, id=id or new_id()))

    @endpoint
    def put(self, *, user_id: str, note_id: str, text: str) -> APIRequest[Note]:
        """Replace a note's text."""
        url = path("/v1/users/{u}/scratchpad/{n}", u=user_id, n=note_id)
        return APIRequest("PUT", url, Note, json={"text": text})

    @endpoint
    def delete(self, *, user_id: str, note_id: str) -> APIRequest[None]:
        """Delete a note."""
        url = path("/v1/users/{u}/scratchpad/{n}", u=user_id, n=note_id)
        return APIRequest("DELETE", url, NoneType)

    @paginated
    def list(self, *, user_id: str, limit: int | None = None) -> PageRequest[Note]:
        """A user's notes; `limit` is the page size (1-500)."""
        url = path("/v1/users/{u}/scratchpad", u=user_id)
        return PageRequest(url, Note, query(limit=limit))


def _turn(turn: TurnIn | Mapping[str, Any]) -> dict[str, Any]:
    """A turn as JSON (models without their unset fields), with a turn_id for safe retries."""
    fields = (
        turn.model_dump(mode="json", exclude_none=True)
        if isinstance(turn, BaseModel)
        else dict(turn)
    )
    fields.setdefault("turn_id", None)
    fields["turn_id"] = fields["turn_id"] or new_id()
    return fields


def new_id() -> str:
    """A client-side id for a create: the same on every retry of one call."""
    return uuid.uuid4().hex
