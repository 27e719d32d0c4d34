"""Reading a dump: the whole file is checked first (every line against its model, every
reference against the lines before it), then read again user by user for writing, so a
user's lines are held in memory one user at a time."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from memsvc.errors import InvalidRequestError
from memsvc.portability.format import (
    EpisodeLine,
    FactLine,
    Header,
    Line,
    LineError,
    LineInvalid,
    MemoryLine,
    NoteLine,
    SessionLine,
    TurnLine,
    TurnUpdateLine,
    UserLine,
    read_header,
    read_line,
)

SHOWN_ERRORS = 20  # a broken file can be broken on every line: the first ones say enough


class DumpInvalid(InvalidRequestError):
    """A dump with invalid lines; nothing of it was written."""

    def __init__(self, errors: list[LineError], total: int) -> None:
        shown = "\n".join(f"  {e}" for e in errors[:SHOWN_ERRORS])
        more = f"\n  … and {total - SHOWN_ERRORS} more" if total > SHOWN_ERRORS else ""
        super().__init__(f"{total} problem(s) in the dump; nothing was imported:\n{shown}{more}")
        self.errors = errors


@dataclass
class Checked:
    """A dump that passed the check."""

    path: Path
    header: Header
    lines: int  # data lines, the header excluded
    users: int


@dataclass
class UserBlock:
    """One user's lines, in file order, with their line numbers."""

    line: int  # the user line's number
    user: UserLine
    lines: list[tuple[int, Line]]


@contextmanager
def local_file(source: str) -> Iterator[Path]:
    """The dump as a file: a path as given, or standard input ("-") spooled to a temporary
    file (the dump is read twice: checked whole, then written)."""
    if source != "-":
        yield Path(source)
        return
    with tempfile.NamedTemporaryFile(prefix="memsvc-import-", suffix=".jsonl") as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        spool.flush()
        yield Path(spool.name)


def check(path: Path, *, progress: bool = False) -> Checked:
    """Check the whole dump; DumpInvalid lists the first invalid fields by line number."""
    checker = _Checker()
    header: Header | None = None
    with _numbered(path, progress=progress, desc="import check") as lines:
        for position, (number, text) in enumerate(lines):
            try:
                if position == 0:
                    header = read_header(number, _text(number, text))
                else:
                    checker.add(number, read_line(number, _text(number, text)))
            except LineInvalid as exc:
                checker.fail(exc.errors, user_line=_type_of(text) == "user")
    if header is None and not checker.errors:
        checker.fail([LineError(1, "header", "the file is empty")])
    if checker.errors:
        raise DumpInvalid(checker.errors[:SHOWN_ERRORS], checker.error_count)
    assert header is not None
    return Checked(path=path, header=header, lines=checker.count, users=len(checker.users))


def user_blocks(checked: Checked) -> Iterator[UserBlock]:
    """The checked dump's users, one block of lines at a time."""
    block: UserBlock | None = None
    with _numbered(checked.path, progress=False, desc="") as lines:
        next(lines)  # the header
        for number, text in lines:
            line = read_line(number, _text(number, text))
            if isinstance(line, UserLine):
                if block is not None:
                    yield block
                block = UserBlock(line=number, user=line, lines=[])
            elif block is not None:
                block.lines.append((number, line))
    if block is not None:
        yield block


@contextmanager
def _numbered(path: Path, *, progress: bool, desc: str) -> Iterator[Iterator[tuple[int, bytes]]]:
    """(line number, bytes) of the non-blank lines, with a progress bar on stderr. Read as
    bytes: a line that is not UTF-8 is reported by number, not raised from the file."""
    with (
        path.open("rb") as file,
        tqdm(file, unit=" lines", desc=desc, disable=not progress) as bar,
    ):
        yield ((n, raw) for n, raw in enumerate(bar, start=1) if raw.strip())


def _text(number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"not valid UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1})"
        raise LineInvalid([LineError(number, "json", message)]) from None


@dataclass
class _Scope:
    """What a user's block has defined so far: its lines may only refer to these."""

    user: str
    line: int
    sessions: set[str] = field(default_factory=set)
    turns: set[str] = field(default_factory=set)
    memories: set[str] = field(default_factory=set)
    positions: set[tuple[str, int]] = field(default_factory=set)
    client_turns: set[tuple[str, str]] = field(default_factory=set)
    episodes: set[str] = field(default_factory=set)
    updates: set[tuple[str, str]] = field(default_factory=set)


class _Checker:
    """The rules across lines: users in blocks, ids unique, references backwards."""

    def __init__(self) -> None:
        self.errors: list[LineError] = []
        self.error_count = 0
        self.count = 0
        self.users: dict[str, int] = {}
        # Stored ids are unique across users (sessions within a tenant, turns and memories
        # everywhere), so these sets span the file.
        self._sessions: dict[str, int] = {}
        self._rows: dict[str, int] = {}
        self._scope: _Scope | None = None
        self._blind = False  # inside the block of a user line that failed

    def fail(self, errors: list[LineError], *, user_line: bool = False) -> None:
        self.error_count += len(errors)
        self.errors.extend(errors[: max(0, SHOWN_ERRORS - len(self.errors))])
        if user_line:  # its block's lines are not blamed for it: its own error says enough
            self._scope, self._blind = None, True

    def add(self, number: int, line: Line) -> None:
        self.count += 1
        problems = self._problems(number, line)
        if problems:
            self.fail([LineError(number, f"{line.type}.{f}", m) for f, m in problems])

    def _problems(self, number: int, line: Line) -> list[tuple[str, str]]:
        if isinstance(line, UserLine):
            return self._user(number, line)
        scope = self._scope
        if scope is None:
            return [] if self._blind else [("user_id", "a user line must come before this one")]
        if line.user_id != scope.user:
            return [
                (
                    "user_id",
                    f"{line.user_id!r} is not the user of this block ({scope.user!r}, line "
                    f"{scope.line}); a user's lines follow its user line",
                )
            ]
        if isinstance(line, SessionLine):
            return self._session(number, line, scope)
        if isinstance(line, TurnLine):
            return self._turn(number, line, scope)
        if isinstance(line, TurnUpdateLine):
            return self._update(line, scope)
        return self._memory(number, line, scope)

    def _user(self, number: int, line: UserLine) -> list[tuple[str, str]]:
        self._scope, self._blind = _Scope(user=line.id, line=number), False
        if line.id in self.users:
            return [("id", f"user {line.id!r} appears again (first at line {self.users[line.id]})")]
        self.users[line.id] = number
        return []

    def _session(self, number: int, line: SessionLine, scope: _Scope) -> list[tuple[str, str]]:
        if (first := self._sessions.setdefault(line.id, number)) != number:
            return [("id", f"session {line.id!r} appears again (first at line {first})")]
        scope.sessions.add(line.id)
        return []

    def _turn(self, number: int, line: TurnLine, scope: _Scope) -> list[tuple[str, str]]:
        if line.session_id not in scope.sessions:
            return [("session_id", _undefined("session", line.session_id))]
        problems = self._unique_row(number, line.id)
        if (line.session_id, line.seq) in scope.positions:
            problems.append(("seq", f"{line.seq} is taken in session {line.session_id!r}"))
        if line.turn_id and (line.session_id, line.turn_id) in scope.client_turns:
            taken = f"{line.turn_id!r} is taken in session {line.session_id!r}"
            problems.append(("turn_id", taken))
        scope.positions.add((line.session_id, line.seq))
        if line.turn_id:
            scope.client_turns.add((line.session_id, line.turn_id))
        scope.turns.add(line.id)
        return problems

    def _memory(self, number: int, line: MemoryLine, scope: _Scope) -> list[tuple[str, str]]:
        problems = []
        if line.session_id is not None and line.session_id not in scope.sessions:
            problems.append(("session_id", _undefined("session", line.session_id)))
        if line.superseded_by is not None and line.superseded_by not in scope.memories:
            problems.append(("superseded_by", _undefined("fact", line.superseded_by)))
        if isinstance(line, EpisodeLine):
            if line.session_id in scope.episodes:
                problems.append(("session_id", f"session {line.session_id!r} has an episode"))
            scope.episodes.add(line.session_id)
        # A client-chosen note id is the user's own; every other id is memsvc's, file-wide.
        chosen = isinstance(line, NoteLine) and line.client_chosen
        problems += self._unique_row(number, f"{scope.user}\x00{line.id}" if chosen else line.id)
        if isinstance(line, FactLine | EpisodeLine | NoteLine):
            scope.memories.add(line.id)
        return problems

    def _update(self, line: TurnUpdateLine, scope: _Scope) -> list[tuple[str, str]]:
        problems = [
            (name, _undefined("turn", value))
            for name, value in (("turn", line.turn), ("earlier_turn", line.earlier_turn))
            if value not in scope.turns
        ]
        if (line.turn, line.earlier_turn) in scope.updates:
            problems.append(("turn", "this pair of turns is linked twice"))
        scope.updates.add((line.turn, line.earlier_turn))
        return problems

    def _unique_row(self, number: int, row_id: str) -> list[tuple[str, str]]:
        first = self._rows.setdefault(row_id, number)
        if first != number:
            return [("id", f"{row_id.split(chr(0))[-1]!r} appears again (first at line {first})")]
        return []


def _type_of(raw: bytes) -> object:
    """The "type" of a line that failed its model, if it is a JSON object at all."""
    try:
        data = json.loads(raw)
    except ValueError:  # not JSON, or not UTF-8
        return None
    return data.get("type") if isinstance(data, dict) else None


def _undefined(kind: str, value: str) -> str:
    return f"{kind} {value!r} is not defined on an earlier line of this user"
