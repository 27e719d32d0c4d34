"""The export line format, version 1 (docs/export-format.md): a header line, then one JSON
object per line with a "type", grouped by user and in dependency order (a line only refers
to lines before it). User and session ids are the client's (public) ids; turn and memory ids
are memsvc's, the ones the API shows."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, Field, StringConstraints, TypeAdapter, ValidationError

from memsvc.schemas import ExternalId, RequestSchema, Timestamp
from memsvc.tenants.scope import TENANT_ID
from memsvc.tiers.schemas import NoteId

FORMAT = "memsvc-export"
VERSION = 1
MEDIA_TYPE = "application/x-ndjson"
# Where a note keeps its client-chosen id (see tiers.scratchpad); a note line carries it as
# its id with client_chosen true, not in its metadata.
NOTE_CLIENT_ID = "client_id"

# memsvc's own ids (turns, facts, episodes, generated note ids): 32 hex digits, which are also
# the index's point ids.
MemsvcId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Json = dict[str, Any]
Text = Annotated[str, StringConstraints(min_length=1)]


class LineModel(RequestSchema):
    """A line: strict types, no unknown fields, only text every store can hold."""

    type: str


class Header(RequestSchema):
    """Line 1: what the file is and where it came from."""

    format: Literal["memsvc-export"]
    version: Literal[1]
    exported_at: Timestamp
    tenant: Annotated[str, StringConstraints(pattern=TENANT_ID.pattern)]
    memsvc: str | None = Field(default=None, description="The exporting version (informative)")


class UserLine(LineModel):
    """A user; its other lines follow it, before the next user line."""

    type: Literal["user"] = "user"
    id: ExternalId
    metadata: Json
    created_at: Timestamp


class SessionLine(LineModel):
    """A session, with its lifecycle times (they tell the sweeper it is consolidated)."""

    type: Literal["session"] = "session"
    id: ExternalId
    user_id: ExternalId
    started_at: Timestamp
    metadata: Json
    created_at: Timestamp
    last_activity_at: Timestamp | None
    closed_at: Timestamp | None
    consolidated_at: Timestamp | None


class TurnLine(LineModel):
    """A turn with its anchors (never re-computed on import)."""

    type: Literal["turn"] = "turn"
    id: MemsvcId
    user_id: ExternalId
    session_id: ExternalId
    turn_id: Annotated[str, StringConstraints(min_length=1, max_length=128)] | None
    seq: Annotated[int, Field(ge=0)]
    speaker: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    role: Annotated[str, StringConstraints(max_length=32)] | None
    text: Text
    timestamp: Timestamp
    metadata: Json
    anchors: Json | None
    created_at: Timestamp


class MemoryLine(LineModel):
    """The columns facts, episodes and notes share."""

    id: MemsvcId
    user_id: ExternalId
    session_id: ExternalId | None
    text: Text
    subject: Annotated[str, StringConstraints(max_length=256)] | None
    predicate: Annotated[str, StringConstraints(max_length=256)] | None
    object: str | None
    confidence: float
    mentions: int
    valid_from: Timestamp | None
    valid_to: Timestamp | None
    superseded_by: MemsvcId | None
    source_turn_ids: list[MemsvcId]
    metadata: Json
    created_at: Timestamp
    updated_at: Timestamp


class FactLine(MemoryLine):
    """A semantic fact; superseded_by names a fact on an earlier line."""

    type: Literal["fact"] = "fact"
    key: Annotated[str, StringConstraints(max_length=512)] | None


class EpisodeLine(MemoryLine):
    """A session's episode (its key is the session's, so it is rebuilt on import)."""

    type: Literal["episode"] = "episode"
    session_id: ExternalId


class NoteLine(MemoryLine):
    """A scratchpad note under the id clients address it by."""

    type: Literal["note"] = "note"
    id: NoteId  # a client-chosen id, or memsvc's
    client_chosen: bool
    key: Annotated[str, StringConstraints(max_length=512)] | None


class TurnUpdateLine(LineModel):
    """A later turn that updates an earlier one of the same speaker (memsvc ids)."""

    type: Literal["turn_update"] = "turn_update"
    user_id: ExternalId
    turn: MemsvcId
    earlier_turn: MemsvcId
    similarity: float
    cue: Annotated[str, StringConstraints(max_length=64)]
    created_at: Timestamp


Line = UserLine | SessionLine | TurnLine | FactLine | EpisodeLine | NoteLine | TurnUpdateLine
LINE: TypeAdapter[Line] = TypeAdapter(Annotated[Line, Field(discriminator="type")])
TYPES = ("user", "session", "turn", "fact", "episode", "note", "turn_update")


class LineError(NamedTuple):
    """What is wrong with one field of one line."""

    number: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.number}: {self.field}: {self.message}"


class LineInvalid(Exception):
    """A line that is not valid JSON or not a valid line of its type."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def encode(line: BaseModel) -> str:
    """One line of the file, newline included (UTF-8 text, non-ASCII kept as is)."""
    return line.model_dump_json() + "\n"


def read_header(number: int, text: str) -> Header:
    """The header, or LineInvalid."""
    data = _object(number, text)
    if data.get("format") != FORMAT:
        expected = f'{{"format": "{FORMAT}", "version": {VERSION}, ...}}'
        raise LineInvalid([LineError(number, "header", f"the first line must be {expected}")])
    if data.get("version") != VERSION:
        message = f"this memsvc reads version {VERSION}, not {data.get('version')!r}"
        raise LineInvalid([LineError(number, "header.version", message)])
    try:
        return Header.model_validate(data)
    except ValidationError as exc:
        raise LineInvalid(_errors(number, "header", exc)) from None


def read_line(number: int, text: str) -> Line:
    """A data line, or LineInvalid naming the line and each bad field ("turn.timestamp")."""
    data = _object(number, text)
    try:
        return LINE.validate_python(data)
    except ValidationError as exc:
        # A discriminated union puts the type first in each location: turn.timestamp.
        raise LineInvalid(_errors(number, None, exc)) from None


def _object(number: int, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineInvalid([LineError(number, "json", f"{exc.msg} at column {exc.colno}")]) from None
    if not isinstance(data, dict):
        raise LineInvalid([LineError(number, "json", "expected a JSON object")])
    return data


def _errors(number: int, prefix: str | None, exc: ValidationError) -> list[LineError]:
    errors = []
    for error in exc.errors(include_url=False):
        where = [prefix] if prefix else []
        where += [str(part) for part in error["loc"]]
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            where = ["type"]
        errors.append(LineError(number, ".".join(where) or "line", str(error["msg"])))
    return errors
