"""A LangGraph long-term memory store (`BaseStore`) over memsvc's REST API.

Needs the extra: `pip install "memsvc-client[langgraph]"`. The base SDK never imports this
module, so it stays free of LangGraph.

How items map onto memsvc
-------------------------
* `namespace[0]` is the memsvc user id; the item is a scratchpad note of that user. (Pass
  `user_id=` to keep every namespace, whole, in one user's scratchpad instead.)
* The note's id is `lg-` plus a digest of (the rest of the namespace, key), so a put or a
  delete is one or two requests and never a search.
* memsvc notes hold text only, so the text is the item as compact JSON:
  `{"ns": [...rest of the namespace], "key": "...", "value": {...}}`.
* `created_at`/`updated_at` are the note's.

Limits (the server's, see its README)
-------------------------------------
* One item is one note: its JSON must fit `MEMSVC_SCRATCHPAD_NOTE_CHARS` (500 characters by
  default) or the put raises `PayloadTooLargeError`.
* A user holds at most `MEMSVC_SCRATCHPAD_MAX_NOTES` notes (50 by default), counting the
  notes consolidation distils and notes the app writes itself; past it a put raises
  `ConflictError`.
* The server has no "get one note" call: `get`, `search` and `list_namespaces` list the
  user's whole scratchpad (one request per 500 notes), once per `batch`. Without a user
  (`search(())`, or `list_namespaces` without a concrete first prefix label), every user of
  the tenant is listed, and then each one's scratchpad.
* memsvc's search does not cover scratchpad notes, so `query` ranks by word overlap with the
  item's text (its `index` fields, else its whole value), not by embeddings.
* Scratchpad notes are always part of `/v1/context`: items show up there as their JSON.
* No TTL (`supports_ttl` is False); `refresh_ttl` is ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

try:
    from langgraph.store.base import (
        BaseStore,
        GetOp,
        InvalidNamespaceError,
        Item,
        ListNamespacesOp,
        MatchCondition,
        Op,
        PutOp,
        Result,
        SearchItem,
        SearchOp,
        get_text_at_path,
    )
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        'memsvc_client.langgraph needs LangGraph: pip install "memsvc-client[langgraph]"'
    ) from exc

from ._client import AsyncMemsvc, Memsvc
from ._exceptions import ConflictError, NotFoundError
from .models import Note

__all__ = ["MemsvcStore"]

PAGE = 500  # the largest page the list endpoints serve
NOTE_PREFIX = "lg-"
NOTE_ID_CHARS = 32  # the server's cap on a client-chosen note id
# memsvc's id rule (A-Z a-z 0-9 _ . : @ -, not only dots, at most 128 characters).
USER_ID = re.compile(r"[A-Za-z0-9_.:@\-]*[A-Za-z0-9_:@\-][A-Za-z0-9_.:@\-]*")
USER_ID_CHARS = 128
WORD = re.compile(r"\w+")
# Words too common to tell items apart when ranking by overlap.
_STOPWORDS = (
    "a an and are as at be by did do does for from has have how i in is it its me my of on or "
    "that the their this to was we what when where which who why with you your"
)
STOPWORDS = frozenset(_STOPWORDS.split())

Namespace = tuple[str, ...]
Index = Literal[False] | list[str] | None


@dataclass(frozen=True)
class _Stored:
    """An item as read back from its note, with the fields ranking needs."""

    item: Item
    index: Index


class _Layout:
    """Where a namespace lives: which memsvc user, and what the note records of it."""

    def __init__(self, user_id: str | None) -> None:
        if user_id is not None and not _valid_user(user_id):
            raise ValueError(f"user_id {user_id!r} is not a memsvc id: {USER_ID.pattern}")
        self.fixed = user_id

    def split(self, namespace: Namespace) -> tuple[str, Namespace]:
        """The user of a namespace and the part of it the note keeps."""
        if self.fixed is not None:
            return self.fixed, namespace
        if not namespace or not _valid_user(namespace[0]):
            raise InvalidNamespaceError(
                f"namespace {namespace!r}: its first label is the memsvc user id, which must "
                "be 1-128 characters of A-Z a-z 0-9 _ : @ - (or pass user_id= to MemsvcStore)"
            )
        return namespace[0], namespace[1:]

    def join(self, user: str, rest: Namespace) -> Namespace:
        return rest if self.fixed is not None else (user, *rest)

    def users(self, op: Op) -> list[str] | None:
        """The users an op reads, or None for every user of the tenant."""
        if self.fixed is not None:
            return [self.fixed]
        first = _first_label(op)
        if first is None:
            return None
        # A label no memsvc id can equal names no user: nothing to read.
        return [first] if _valid_user(first) else []


def _first_label(op: Op) -> str | None:
    """The concrete first namespace label an op is confined to, if any."""
    if isinstance(op, GetOp):
        return op.namespace[0] if op.namespace else ""  # "" names no user
    if isinstance(op, SearchOp):
        return op.namespace_prefix[0] if op.namespace_prefix else None
    if isinstance(op, ListNamespacesOp):
        for condition in op.match_conditions or ():
            if condition.match_type == "prefix" and condition.path and condition.path[0] != "*":
                return condition.path[0]
    return None


def _valid_user(label: str) -> bool:
    return len(label) <= USER_ID_CHARS and USER_ID.fullmatch(label) is not None


# Notes <-> items


def note_id(rest: Namespace, key: str) -> str:
    """The note holding an item: fixed by its path, so writes need no lookup."""
    digest = hashlib.sha256(json.dumps([*rest, key]).encode()).hexdigest()
    return NOTE_PREFIX + digest[: NOTE_ID_CHARS - len(NOTE_PREFIX)]


def encode(rest: Namespace, key: str, value: Mapping[str, Any], index: Index) -> str:
    """The note text of an item (compact: the server caps a note's characters)."""
    body: dict[str, Any] = {"ns": list(rest), "key": key, "value": dict(value)}
    if index is not None:
        body["index"] = index  # kept so a later query ranks by the fields the put chose
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def decode(note: Note, user: str, layout: _Layout) -> _Stored | None:
    """The item a note holds, or None for a note this store did not write."""
    if not note.id.startswith(NOTE_PREFIX):
        return None
    try:
        body = json.loads(note.text)
        rest, key, value = tuple(body["ns"]), body["key"], body["value"]
    except (ValueError, TypeError, KeyError):
        return None
    if not (isinstance(key, str) and isinstance(value, dict)) or note_id(rest, key) != note.id:
        return None
    item = Item(
        namespace=layout.join(user, rest),
        key=key,
        value=value,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )
    return _Stored(item=item, index=body.get("index"))


# Answering reads from the stored items (no I/O)


def answer(op: Op, stored: list[_Stored]) -> Result:
    """The result of a read op over the items of the users it reads."""
    if isinstance(op, GetOp):
        return next(
            (s.item for s in stored if s.item.namespace == op.namespace and s.item.key == op.key),
            None,
        )
    if isinstance(op, SearchOp):
        return search(op, stored)
    if isinstance(op, ListNamespacesOp):
        return list_namespaces(op, [s.item.namespace for s in stored])
    raise ValueError(f"unknown operation: {type(op).__name__}")


def search(op: SearchOp, stored: list[_Stored]) -> list[SearchItem]:
    """Items under the prefix that pass the filter; ranked by word overlap given a query."""
    prefix = tuple(op.namespace_prefix)
    hits = [
        s
        for s in stored
        if s.item.namespace[: len(prefix)] == prefix and matches(s.item.value, op.filter)
    ]
    scored = rank(op.query, hits) if op.query else [(None, s) for s in hits]
    window = scored[op.offset : op.offset + op.limit]
    return [_search_item(s.item, score) for score, s in window]


def rank(query: str, hits: list[_Stored]) -> list[tuple[float | None, _Stored]]:
    """Best overlap first; items put with index=False come last, unscored."""
    wanted = _words(query) or set(WORD.findall(query.lower()))
    scored = [(_overlap(wanted, s), s) for s in hits if s.index is not False]
    scored.sort(key=lambda pair: pair[0], reverse=True)  # stable: ties keep their order
    return [*scored, *((None, s) for s in hits if s.index is False)]


def _overlap(wanted: set[str], stored: _Stored) -> float:
    """The share of the query's words found in the item's indexed text."""
    if not wanted:
        return 0.0
    paths = stored.index or ["$"]
    text = " ".join(t for path in paths for t in get_text_at_path(stored.item.value, path))
    return len(wanted & set(WORD.findall(text.lower()))) / len(wanted)


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def _search_item(item: Item, score: float | None) -> SearchItem:
    return SearchItem(
        namespace=item.namespace,
        key=item.key,
        value=item.value,
        created_at=item.created_at,
        updated_at=item.updated_at,
        score=score,
    )


def matches(value: Any, condition: Any) -> bool:
    """LangGraph's filter semantics: exact (nested) equality, or $eq $ne $gt $gte $lt $lte."""
    if not condition:
        return True
    return all(_compare(value.get(key), want) for key, want in condition.items())


def _compare(actual: Any, want: Any) -> bool:
    if isinstance(want, dict):
        if any(k.startswith("$") for k in want):
            return all(_apply(actual, op, operand) for op, operand in want.items())
        return isinstance(actual, dict) and all(_compare(actual.get(k), v) for k, v in want.items())
    if isinstance(want, list | tuple):
        return (
            isinstance(actual, list | tuple)
            and len(actual) == len(want)
            and all(_compare(a, w) for a, w in zip(actual, want, strict=True))
        )
    return bool(actual == want)


def _apply(actual: Any, operator: str, operand: Any) -> bool:
    if operator == "$eq":
        return bool(actual == operand)
    if operator == "$ne":
        return bool(actual != operand)
    if operator not in ("$gt", "$gte", "$lt", "$lte"):
        raise ValueError(f"unsupported filter operator: {operator}")
    try:
        left, right = float(actual), float(operand)
    except (TypeError, ValueError):
        return False  # a missing or non-numeric field never satisfies a comparison
    return {
        "$gt": left > right,
        "$gte": left >= right,
        "$lt": left < right,
        "$lte": left <= right,
    }[operator]


def list_namespaces(op: ListNamespacesOp, namespaces: list[Namespace]) -> list[Namespace]:
    """Distinct namespaces passing every condition, cut to max_depth, sorted, paged."""
    found = {ns for ns in namespaces if all(_fits(c, ns) for c in op.match_conditions or ())}
    if op.max_depth is not None:
        found = {ns[: op.max_depth] for ns in found}
    return sorted(found)[op.offset : op.offset + op.limit]


def _fits(condition: MatchCondition, namespace: Namespace) -> bool:
    path = tuple(condition.path)
    if len(namespace) < len(path):
        return False
    if condition.match_type == "prefix":
        pairs: Iterable[tuple[str, str]] = zip(namespace, path, strict=False)
    elif condition.match_type == "suffix":
        pairs = zip(reversed(namespace), reversed(path), strict=False)
    else:
        raise ValueError(f"unsupported match type: {condition.match_type}")
    return all(want in ("*", label) for label, want in pairs)


def _check_put(op: PutOp) -> None:
    if op.ttl is not None:
        raise NotImplementedError("MemsvcStore does not support TTLs; pass ttl=None")


def _id_taken(error: ConflictError) -> bool:
    """A 409 for a note id already holding other text (not for a full scratchpad)."""
    return isinstance(error.details, dict) and "note_id" in error.details


# One batch's view of the server: each scratchpad is listed at most once per batch.


class _SyncView:
    def __init__(self, client: Memsvc) -> None:
        self.client = client
        self.notes: dict[str, dict[str, Note]] = {}
        self.users: list[str] | None = None

    def all_users(self) -> list[str]:
        if self.users is None:
            self.users = [user.id for user in self.client.users.list(limit=PAGE)]
        return self.users

    def scratchpad(self, user: str) -> dict[str, Note]:
        if user not in self.notes:
            try:
                listed = list(self.client.scratchpad.list(user_id=user, limit=PAGE))
            except NotFoundError:
                listed = []  # an unknown user holds nothing
            self.notes[user] = {note.id: note for note in listed}
        return self.notes[user]

    def write(self, user: str, note: str, text: str) -> None:
        pad = self.client.scratchpad
        try:
            # Add first: a new or unchanged item is one request; an update is two.
            stored = pad.add(user_id=user, text=text, id=note)
        except ConflictError as error:
            if not _id_taken(error):
                raise
            stored = pad.put(user_id=user, note_id=note, text=text)
        _remember(self.notes, self.users, user, stored)

    def delete(self, user: str, note: str) -> None:
        with contextlib.suppress(NotFoundError):  # deleting a missing item is a no-op
            self.client.scratchpad.delete(user_id=user, note_id=note)
        self.notes.get(user, {}).pop(note, None)


class _AsyncView:
    def __init__(self, client: AsyncMemsvc) -> None:
        self.client = client
        self.notes: dict[str, dict[str, Note]] = {}
        self.users: list[str] | None = None

    async def all_users(self) -> list[str]:
        if self.users is None:
            self.users = [user.id async for user in self.client.users.list(limit=PAGE)]
        return self.users

    async def scratchpad(self, user: str) -> dict[str, Note]:
        if user not in self.notes:
            try:
                listed = [n async for n in self.client.scratchpad.list(user_id=user, limit=PAGE)]
            except NotFoundError:
                listed = []
            self.notes[user] = {note.id: note for note in listed}
        return self.notes[user]

    async def write(self, user: str, note: str, text: str) -> None:
        pad = self.client.scratchpad
        try:
            stored = await pad.add(user_id=user, text=text, id=note)
        except ConflictError as error:
            if not _id_taken(error):
                raise
            stored = await pad.put(user_id=user, note_id=note, text=text)
        _remember(self.notes, self.users, user, stored)

    async def delete(self, user: str, note: str) -> None:
        with contextlib.suppress(NotFoundError):
            await self.client.scratchpad.delete(user_id=user, note_id=note)
        self.notes.get(user, {}).pop(note, None)


def _remember(
    notes: dict[str, dict[str, Note]], users: list[str] | None, user: str, stored: Note
) -> None:
    """Keep a batch's view current after a write, so later ops of the batch see it."""
    if user in notes:
        notes[user][stored.id] = stored
    if users is not None and user not in users:
        users.append(user)  # the write registered the user


class MemsvcStore(BaseStore):
    """LangGraph's `BaseStore` on memsvc scratchpad notes (see the module docstring).

    Pass a `Memsvc` client for the sync API (`get`, `put`, `search`, ...; what `graph.invoke`
    uses) and/or an `AsyncMemsvc` client for the async one (`aget`, `aput`, ...). Without an
    async client the async API runs the sync one in a thread; without a sync client the sync
    API raises. With neither, both are built from `base_url`/`api_key` (default:
    $MEMSVC_BASE_URL / $MEMSVC_API_KEY) and closed by `close()` / `aclose()`.

    `user_id`: keep every namespace in this one user's scratchpad, instead of reading the
    user from `namespace[0]`.

    Ops run in order, each seeing the writes before it. `put(..., index=...)`: a list of
    fields (LangGraph path syntax) is what a later `query` ranks on, False leaves the item out
    of the ranking (it still matches, unscored); nothing is embedded. TTLs are not supported:
    `put(..., ttl=...)` raises NotImplementedError and `refresh_ttl` is ignored.
    """

    supports_ttl = False

    def __init__(
        self,
        client: Memsvc | None = None,
        *,
        aclient: AsyncMemsvc | None = None,
        user_id: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
    ) -> None:
        self._layout = _Layout(user_id)
        self._owns_clients = client is None and aclient is None
        if self._owns_clients:
            client = Memsvc(base_url=base_url, api_key=api_key)
            aclient = AsyncMemsvc(base_url=base_url, api_key=api_key)
        self._client = client
        self._aclient = aclient

    def close(self) -> None:
        """Close the sync client this store built (clients passed in are yours to close)."""
        if self._owns_clients and self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the async client this store built."""
        if self._owns_clients and self._aclient is not None:
            await self._aclient.close()

    def batch(self, ops: Iterable[Op]) -> list[Result]:
        """Run ops in order over the sync client."""
        if self._client is None:
            raise RuntimeError("MemsvcStore has no Memsvc client: use the async API or pass one")
        view = _SyncView(self._client)
        return [self._run(op, view) for op in ops]

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        """Run ops in order over the async client (else the sync batch, in a thread)."""
        if self._aclient is None:
            return await asyncio.to_thread(self.batch, list(ops))
        view = _AsyncView(self._aclient)
        return [await self._arun(op, view) for op in ops]

    def _run(self, op: Op, view: _SyncView) -> Result:
        if isinstance(op, PutOp):
            user, rest, note = self._target(op)
            if op.value is None:
                view.delete(user, note)
            else:
                view.write(user, note, encode(rest, op.key, op.value, op.index))
            return None
        users = self._layout.users(op)
        if users is None:
            users = view.all_users()
        return answer(op, list(self._items({u: view.scratchpad(u) for u in users})))

    async def _arun(self, op: Op, view: _AsyncView) -> Result:
        if isinstance(op, PutOp):
            user, rest, note = self._target(op)
            if op.value is None:
                await view.delete(user, note)
            else:
                await view.write(user, note, encode(rest, op.key, op.value, op.index))
            return None
        users = self._layout.users(op)
        if users is None:
            users = await view.all_users()
        # Side by side: a read across users lists each one's scratchpad.
        pads = await asyncio.gather(*(view.scratchpad(u) for u in users))
        return answer(op, list(self._items(dict(zip(users, pads, strict=True)))))

    def _target(self, op: PutOp) -> tuple[str, Namespace, str]:
        """The user, the stored namespace part and the note id a put addresses."""
        _check_put(op)
        user, rest = self._layout.split(tuple(op.namespace))
        return user, rest, note_id(rest, op.key)

    def _items(self, scratchpads: dict[str, dict[str, Note]]) -> Iterator[_Stored]:
        for user, notes in scratchpads.items():
            for note in notes.values():
                if (stored := decode(note, user, self._layout)) is not None:
                    yield stored
