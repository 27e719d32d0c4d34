"""The MCP tools: each is one or two REST calls' worth of work, done by the domain services
the REST endpoints call, with ids scoped to the caller's tenant and the same transactions."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mcp_types import ToolAnnotations
from pydantic import BaseModel
from sqlalchemy.orm import Session

from memsvc.context import service as context
from memsvc.deps import transaction
from memsvc.errors import InvalidRequestError, NotFoundError
from memsvc.mcp.arguments import (
    AddMemory,
    AddNote,
    CloseSession,
    DeleteAllMemories,
    DeleteMemory,
    GetContext,
    GetMemories,
    GetMemory,
    ListFacts,
    ListNotes,
    SearchMemories,
    UpdateMemory,
    UserArgs,
)
from memsvc.pagination import Page
from memsvc.runtime import Runtime
from memsvc.search import service as search
from memsvc.sessions import service as sessions
from memsvc.sessions.schemas import SessionCreate
from memsvc.storage.models import Turn, new_id
from memsvc.tenants.scope import Principal
from memsvc.tiers import service as tiers
from memsvc.tiers.schemas import NoteEdit
from memsvc.turns import service as turns
from memsvc.turns.schemas import TurnIn, TurnRead
from memsvc.users import service as users

Result = dict[str, Any]
ArgsT = TypeVar("ArgsT", bound=BaseModel)
MAX_PAGE = 500  # the REST lists' largest page (memsvc.pagination.Limit)

READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
REPLACES = ToolAnnotations(read_only_hint=False, destructive_hint=True, open_world_hint=False)
FORGETS = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False
)
CLOSES = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)


@dataclass(frozen=True)
class Caller:
    """Who calls: the runtime serving the call and the tenant (an API key's, or the fixed
    tenant of `memsvc mcp`)."""

    runtime: Runtime
    tenant: Principal

    def write(self) -> AbstractContextManager[Session]:
        """A transaction as a REST write request has one."""
        return transaction(self.runtime.sessions())

    def read(self) -> AbstractContextManager[Session]:
        """A transaction as a REST read request has one (never SQLite's write lock)."""
        return transaction(self.runtime.read_sessions())

    def scope(self, client_id: str) -> str:
        """The storage id of one of the tenant's users or sessions."""
        return self.tenant.scope(client_id)


@dataclass(frozen=True)
class ToolSpec(Generic[ArgsT]):
    """A tool: its name, what an agent reads about it, its arguments and what it does."""

    name: str
    title: str
    description: str
    arguments: type[ArgsT]
    run: Callable[[Caller, ArgsT], Result]
    annotations: ToolAnnotations


def dump(model: BaseModel) -> Result:
    """A response model as JSON, ids without their tenant prefix (as REST writes them)."""
    return model.model_dump(mode="json")


def add_memory(caller: Caller, args: AddMemory) -> Result:
    """POST /v1/sessions, then POST /v1/sessions/{id}/turns: two transactions, as two REST
    calls, so no write lock is held while the turns are anchored and encoded."""
    session_id = args.session_id or new_id()
    body = SessionCreate(user_id=args.user_id, id=session_id, started_at=args.occurred_at)
    scoped_id = caller.scope(session_id)
    scoped = body.model_copy(update={"user_id": caller.scope(args.user_id), "id": scoped_id})
    with caller.write() as db:
        _, created = sessions.create(db, body=scoped)
    dated = [_dated(turn, args) for turn in args.messages]
    with caller.write() as db:
        added = turns.add(db, runtime=caller.runtime, session_id=scoped_id, turns=dated)
    return {"session_id": session_id, "session_created": created, **dump(added)}


def _dated(turn: TurnIn, args: AddMemory) -> TurnIn:
    """The turn with the conversation's time when it carries none of its own."""
    if turn.timestamp or args.occurred_at is None:
        return turn
    return turn.model_copy(update={"timestamp": args.occurred_at})


def search_memories(caller: Caller, args: SearchMemories) -> Result:
    """POST /v1/search."""
    with caller.read() as db:
        found = search.search(db, runtime=caller.runtime, request=caller.tenant.scope_query(args))
        return dump(found)


def get_context(caller: Caller, args: GetContext) -> Result:
    """POST /v1/context."""
    with caller.read() as db:
        built = context.build(db, runtime=caller.runtime, request=caller.tenant.scope_query(args))
        return dump(built)


def get_memories(caller: Caller, args: GetMemories) -> Result:
    """GET /v1/sessions, /v1/sessions/{id}/turns, /v1/users/{id}/facts|scratchpad|episodes."""
    kind = args.kind or ("turns" if args.session_id else "sessions")
    user_id, limit, cursor = caller.scope(args.user_id), args.limit, args.cursor
    listed: Page[Any]
    with caller.read() as db:
        if kind == "sessions":
            listed = sessions.list_for_user(db, user_id=user_id, limit=limit, cursor=cursor)
        elif kind == "turns":
            session_id = _own_session(db, caller, args, _needed(args.session_id))
            listed = turns.list_for_session(db, session_id=session_id, limit=limit, cursor=cursor)
        elif kind == "facts":
            listed = _current_facts(db, user_id, limit=limit, cursor=cursor)
        elif kind == "notes":
            listed = tiers.notes(db, user_id=user_id, limit=limit, cursor=cursor)
        else:
            listed = tiers.episodes_of(db, user_id=user_id, limit=limit, cursor=cursor)
        return {"kind": kind, **dump(listed)}


def _needed(session_id: str | None) -> str:
    if session_id is None:
        raise InvalidRequestError(
            "kind 'turns' lists one session's turns: pass its session_id (kind 'sessions' "
            "lists the user's sessions)"
        )
    return session_id


def _current_facts(db: Session, user_id: str, *, limit: int, cursor: str | None) -> Page[Any]:
    return tiers.facts(
        db, user_id=user_id, status="current", as_of=None, subject=None, limit=limit, cursor=cursor
    )


def _own_session(db: Session, caller: Caller, args: UserArgs, session_id: str) -> str:
    """The storage id of the user's session; another user's is not found (REST addresses
    sessions by id alone, a tool names its user, so the two must agree)."""
    scoped = caller.scope(session_id)
    if sessions.get(db, session_id=scoped).user_id != caller.scope(args.user_id):
        raise NotFoundError(
            f"session {session_id!r} not found for user {args.user_id!r}", session_id=session_id
        )
    return scoped


def _own_turn(db: Session, caller: Caller, args: UserArgs, turn_id: str) -> Turn:
    """The user's turn; another user's is not found, as another tenant's is."""
    turn = turns.get(db, tenant=caller.tenant, turn_id=turn_id)
    if turn.user_id != caller.scope(args.user_id):
        raise NotFoundError(f"turn {turn_id!r} not found", turn_id=turn_id)
    return turn


def get_memory(caller: Caller, args: GetMemory) -> Result:
    """GET /v1/turns/{id}."""
    with caller.read() as db:
        return dump(TurnRead.model_validate(_own_turn(db, caller, args, args.memory_id)))


def update_memory(caller: Caller, args: UpdateMemory) -> Result:
    """PUT /v1/users/{id}/scratchpad/{note}; for a turn, DELETE and POST (see _replace_turn)."""
    if args.kind == "turn":
        return _replace_turn(caller, args)
    with caller.write() as db:
        note = tiers.edit_note(
            db,
            runtime=caller.runtime,
            user_id=caller.scope(args.user_id),
            note_id=args.memory_id,
            body=NoteEdit(text=args.text),
        )
        return {"kind": "note", "note": dump(note)}


def _replace_turn(caller: Caller, args: UpdateMemory) -> Result:
    """Turns are verbatim records with no edit verb; REST corrects one by deleting it and
    posting the new text. Here both happen in one transaction, so a failed append keeps the old
    turn (the price: SQLite's write lock is held while the one new turn is encoded)."""
    with caller.write() as db:
        old = _own_turn(db, caller, args, args.memory_id)
        new = TurnIn.model_validate(
            {
                "speaker": old.speaker,
                "text": args.text,
                "role": old.role,
                "timestamp": old.timestamp,
                "turn_id": old.client_turn_id,
                "metadata": old.metadata_,
            }
        )
        session_id = old.session_id
        turns.delete(db, runtime=caller.runtime, tenant=caller.tenant, turn_id=old.id)
        added = turns.add(db, runtime=caller.runtime, session_id=session_id, turns=[new])
        return {"kind": "turn", "replaced_id": args.memory_id, "turn": dump(added.turns[0])}


def delete_memory(caller: Caller, args: DeleteMemory) -> Result:
    """DELETE /v1/turns/{id}, /v1/users/{id}/scratchpad/{note} or /v1/sessions/{id}."""
    with caller.write() as db:
        if args.kind == "turn":
            _own_turn(db, caller, args, args.memory_id)
            turns.delete(db, runtime=caller.runtime, tenant=caller.tenant, turn_id=args.memory_id)
        elif args.kind == "note":
            tiers.delete_note(db, user_id=caller.scope(args.user_id), note_id=args.memory_id)
        else:
            session_id = _own_session(db, caller, args, args.memory_id)
            sessions.delete(db, runtime=caller.runtime, session_id=session_id)
    return {"deleted": args.kind, "id": args.memory_id}


def delete_all_memories(caller: Caller, args: DeleteAllMemories) -> Result:
    """DELETE /v1/users/{id}."""
    with caller.write() as db:
        users.delete(db, runtime=caller.runtime, user_id=caller.scope(args.user_id))
    return {"deleted": "user", "id": args.user_id}


def list_facts(caller: Caller, args: ListFacts) -> Result:
    """GET /v1/users/{id}/facts."""
    with caller.read() as db:
        listed = tiers.facts(
            db,
            user_id=caller.scope(args.user_id),
            status=args.status,
            as_of=args.as_of,
            subject=args.subject,
            limit=args.limit,
            cursor=args.cursor,
        )
        return dump(listed)


def add_note(caller: Caller, args: AddNote) -> Result:
    """POST /v1/users/{id}/scratchpad."""
    with caller.write() as db:
        note, created = tiers.add_note(
            db, runtime=caller.runtime, user_id=caller.scope(args.user_id), body=args
        )
        return {"created": created, "note": dump(note)}


def list_notes(caller: Caller, args: ListNotes) -> Result:
    """GET /v1/users/{id}/scratchpad."""
    with caller.read() as db:
        user_id = caller.scope(args.user_id)
        return dump(tiers.notes(db, user_id=user_id, limit=args.limit, cursor=args.cursor))


def close_session(caller: Caller, args: CloseSession) -> Result:
    """POST /v1/sessions/{id}/close."""
    with caller.write() as db:
        session_id = _own_session(db, caller, args, args.session_id)
        return dump(tiers.close(db, runtime=caller.runtime, session_id=session_id))


def user_memory(caller: Caller, user_id: str) -> Result:
    """What an agent should always know about a user: the scratchpad and the current facts
    (the memory resource)."""
    args = UserArgs.model_validate({"user_id": user_id})
    scoped = caller.scope(args.user_id)
    with caller.read() as db:
        notes = tiers.notes(db, user_id=scoped, limit=MAX_PAGE, cursor=None)
        facts = _current_facts(db, scoped, limit=MAX_PAGE, cursor=None)
        return {
            "user_id": args.user_id,
            "notes": dump(notes)["items"],
            "facts": dump(facts)["items"],
            "more_facts": facts.next_cursor is not None,  # list_facts pages through the rest
        }


def tenant_users(caller: Caller, cursor: str | None) -> tuple[list[str], str | None]:
    """A page of the tenant's user ids (as the client knows them) and the next page's cursor."""
    with caller.read() as db:
        page = users.list_for_tenant(
            db, tenant_id=caller.tenant.tenant_id, limit=MAX_PAGE, cursor=cursor
        )
        return [str(user["id"]) for user in dump(page)["items"]], page.next_cursor


TOOLS: tuple[ToolSpec[Any], ...] = (
    ToolSpec(
        "add_memory",
        "Remember a conversation",
        "Remember a conversation: append its turns (messages) to one of the user's sessions, "
        "in order. The user and the session are created on first use; omit session_id to start "
        "a new session (its id is returned: pass it again to continue that conversation). A "
        "turn_id already stored returns the stored turn instead of storing it twice. "
        "occurred_at dates the conversation (the timestamp of messages that carry none). "
        "Returns every turn with memsvc's id (for get_memory, update_memory, delete_memory) and "
        "your turn_id. For a standalone fact about the user, use add_note instead.",
        AddMemory,
        add_memory,
        WRITES,
    ),
    ToolSpec(
        "search_memories",
        "Search memory",
        "Search the user's memory: turns and facts most relevant to a query (hybrid dense + "
        "lexical ranking), optionally only some sessions, speakers or a time window "
        "(start/end); relative time in the query ('last week') is read against reference_time. "
        "Hits come best first with memsvc's id, your turn_id, session_id, speaker, text and "
        "timestamp; facts with their validity (valid_from, valid_to, current). evidence.label "
        "'none' means memory does not cover the query: say you don't remember.",
        SearchMemories,
        search_memories,
        READS,
    ),
    ToolSpec(
        "get_context",
        "Build the context for a reply",
        "The memory an LLM should see before answering a query, packed into budget_tokens: the "
        "active session's recent turns (session_id), scratchpad notes, current facts and the "
        "most relevant earlier turns, each dated and cited. format: text (default), markdown, "
        "json or messages (a system message to prepend). Returns the context, the ids it cites "
        "(turn_ids, turn_refs, sources) and the evidence label ('none': say you don't remember).",
        GetContext,
        get_context,
        READS,
    ),
    ToolSpec(
        "get_memories",
        "List memories",
        "List the user's memories a page at a time: kind sessions (default), turns (one "
        "session's, in order: pass session_id), facts (current ones), notes (the scratchpad) or "
        "episodes (one summary per consolidated session). Pass next_cursor back as cursor for "
        "the next page; null means the last page.",
        GetMemories,
        get_memories,
        READS,
    ),
    ToolSpec(
        "get_memory",
        "Read one turn",
        "One stored turn of the user by memsvc's id (the id add_memory, search_memories and "
        "get_memories return; not your turn_id): speaker, text, timestamp, session and turn_id.",
        GetMemory,
        get_memory,
        READS,
    ),
    ToolSpec(
        "update_memory",
        "Change a memory's text",
        "Change a memory's text. kind note: replace a scratchpad note's text (same id). kind "
        "turn: memsvc keeps turns verbatim and has no turn edit, so the turn is corrected as "
        "the REST API allows, in one step: it is deleted and the new text is stored as a new "
        "turn of the same session with the same speaker, role, timestamp, turn_id and metadata; "
        "the new turn has a new memsvc id (returned) and comes last in the session's order. "
        "Facts are distilled from turns and cannot be edited: correct the turn or add a note.",
        UpdateMemory,
        update_memory,
        REPLACES,
    ),
    ToolSpec(
        "delete_memory",
        "Forget one memory",
        "Forget one memory: kind turn (by memsvc's id), note (by its id) or session (with all "
        "its turns and what was distilled from it). Removed from every store; cannot be undone.",
        DeleteMemory,
        delete_memory,
        FORGETS,
    ),
    ToolSpec(
        "delete_all_memories",
        "Forget a user",
        "Forget the user entirely: every session, turn, fact, episode and note, from every "
        "store. Cannot be undone.",
        DeleteAllMemories,
        delete_all_memories,
        FORGETS,
    ),
    ToolSpec(
        "list_facts",
        "List facts",
        "Facts distilled from the user's sessions once they are closed or idle, with their "
        "validity (valid_from, valid_to, current) and source turns: status current (default), "
        "history (superseded ones) or all; as_of: the facts true at that time; subject: only "
        "facts about it. Paged like get_memories.",
        ListFacts,
        list_facts,
        READS,
    ),
    ToolSpec(
        "add_note",
        "Add a scratchpad note",
        "Add a scratchpad note: a short, salient fact about the user that every get_context "
        "includes (a preference, a name, a standing instruction). An id you choose makes "
        "re-sending the same note a no-op. Change it with update_memory (kind note), remove it "
        "with delete_memory (kind note).",
        AddNote,
        add_note,
        WRITES,
    ),
    ToolSpec(
        "list_notes",
        "List scratchpad notes",
        "The user's scratchpad notes, oldest first, including those distilled from sessions "
        "(distilled: true). Paged like get_memories.",
        ListNotes,
        list_notes,
        READS,
    ),
    ToolSpec(
        "close_session",
        "Close a session",
        "Close a session when its conversation ends: its episode summary, facts and notes are "
        "distilled in the background and then appear in list_facts, list_notes and searches "
        "(idle sessions are distilled too, after MEMSVC_IDLE_TIMEOUT_SECONDS).",
        CloseSession,
        close_session,
        CLOSES,
    ),
)
