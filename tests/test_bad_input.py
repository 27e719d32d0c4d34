"""Hostile input against a live `memsvc serve`: over a thousand malformed, oversize and
out-of-range requests across every operation of the OpenAPI document, sent over ONE
keep-alive connection. Every one gets a documented 4xx (never a 5xx) with the standard error
body, the connection survives them all, and the stored data is unchanged afterwards."""

from __future__ import annotations

import base64
import contextlib
import copy
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import live_server

MIB = 1024 * 1024
BODY_LIMIT = 16 * MIB  # MEMSVC_MAX_BODY_BYTES's default: the server runs on defaults
FOUR_XX = frozenset(range(400, 500))
REFUSED = frozenset({404, 422})  # an id no route or validator can accept
START = "2023-05-08T13:56:00Z"


@dataclass
class Case:
    """One hostile request: its OpenAPI operation, what is wrong, and what must come back."""

    operation: str  # "POST /v1/users/{user_id}/scratchpad", as the OpenAPI document names it
    what: str
    method: str
    target: bytes  # path and query exactly as sent: no client normalises `..` or %-escapes
    content: bytes | Iterator[bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expect: frozenset[int] = FOUR_XX  # empty: any status below 500 will do
    text: bool = False  # a NUL/surrogate/encoding case, run on PostgreSQL too


@dataclass
class Seeded:
    """Ids of the stored data the battery aims at."""

    turn_id: str


def raw(value: Any) -> bytes:
    """JSON as Python writes it: lone surrogates escaped, NaN/Infinity as bare words."""
    return json.dumps(value).encode()


def cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def deep(levels: int) -> dict[str, Any]:
    """A JSON object nested levels deep."""
    value: dict[str, Any] = {}
    for _ in range(levels):
        value = {"a": value}
    return value


def put(body: dict[str, Any], where: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of body with the value at where replaced."""
    changed = copy.deepcopy(body)
    holder: Any = changed
    for step in where[:-1]:
        holder = holder[step]
    holder[where[-1]] = value
    return changed


# Hostile values by the kind of field they are sent to. Ids also appear in URL paths, where
# `..` and `.` would be normalised away by clients and %2F would reach another route.
# fmt: off
BAD_IDS = [
    ".", "..", "", " ", "a/b", "../alice", "alice/scratchpad/n1", "a\x00b", "\ud800", "\n",
    "a\x7fb", "x" * 129, "alice~x", "a%2Fb", "\u202ealice", "ali ce", "é",
]
# fmt: on
BAD_TEXT = ["", "   ", "\t\n", "a\x00b", "\x00", "\ud800", "x\udfffy", 7, None, [], {}, True]
BAD_INTS = ["10", True, 10.5, 10.0, -1, 0, 2**63, 10**100, 1e308, None, [], {}]
# fmt: off
BAD_TIMES = [
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z", "2023-02-30T00:00:00Z", "2023-05-08T25:00:00Z",
    "2023-05-08T13:56:00+25:00", 0, 0.5, 1e20, "1", "0.5", "soon", "", True, [],
    "2023-05-08T13:56:00\x00", "\ud800",
]
# fmt: on
BAD_ENUMS = ["HYBRID", "", "bogus", None, 1, ["hybrid"]]
# fmt: off
BAD_METADATA = [
    [], "x", 1, None, deep(500), deep(40), {"x": float("nan")}, {"x": float("inf")},
    {"x": "y" * 70_000}, {"\ud800": 1}, {"a\x00": 1}, {"a": "\x00"}, {"a": ["\ud800"]},
]
# fmt: on
BAD_LISTS = ["alice-s1", [1], [None], [[]], [{}], {}, ["\ud800"], ["a\x00"], True]
BAD_BOOLS = ["true", 1, 0, None, [], "yes"]
TEXTY = re.compile("[\x00\ud800-\udfff]|%00|%ED|%FF")


def is_texty(value: Any) -> bool:
    """Whether value carries a NUL, a lone surrogate or a percent-escape the stores must not
    see (the subset PostgreSQL, which has no NUL in text, is asked too)."""
    text = (
        json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    )
    return TEXTY.search(text) is not None


def field_kinds(
    ids: Seeded,
) -> dict[str, tuple[str, dict[str, Any], dict[tuple[Any, ...], list[Any]]]]:
    """Per body operation: its path, a valid body, and hostile values for each field."""
    query = {"user_id": "alice", "query": "support group"}
    filters: dict[tuple[Any, ...], list[Any]] = {
        ("user_id",): [*BAD_IDS, None, 5],
        ("query",): [*BAD_TEXT, "q" * 4001],
        ("session_ids",): BAD_LISTS + [[x] for x in BAD_IDS[:4]],
        ("speakers",): BAD_LISTS,
        ("start",): BAD_TIMES,
        ("end",): BAD_TIMES,
        ("reference_time",): BAD_TIMES,
        ("as_of",): BAD_TIMES,
        ("mode",): BAD_ENUMS,
        ("fusion",): BAD_ENUMS,
        ("tiers",): [[], ["bogus"], "episodic", [None], {}],
        ("features",): [[], {"entities": "yes"}, {"entities": 1}, {"bogus": True}, "all"],
        ("include_history",): BAD_BOOLS,
    }
    turn = {"speaker": "Caroline", "text": "hello", "timestamp": START, "turn_id": "fresh-t"}
    return {
        "POST /v1/users": (
            "/v1/users",
            {"id": "fresh-user"},
            {
                ("id",): [*BAD_IDS, None, 5, []],
                ("metadata",): BAD_METADATA,
            },
        ),
        "POST /v1/sessions": (
            "/v1/sessions",
            {"user_id": "alice", "id": "fresh-s"},
            {
                ("user_id",): [*BAD_IDS, None, 5],
                ("id",): [*BAD_IDS, 5, []],
                ("started_at",): BAD_TIMES,
                ("metadata",): BAD_METADATA,
            },
        ),
        "POST /v1/sessions/{session_id}/turns": (
            "/v1/sessions/alice-s1/turns",
            {"turns": [turn]},
            {
                ("turns",): [[], None, "x", {}, [None], [{}], [[]]],
                ("turns", 0, "speaker"): [*BAD_TEXT, "s" * 129],
                ("turns", 0, "text"): [*BAD_TEXT, "t" * 20001],
                ("turns", 0, "role"): [value for value in BAD_ENUMS if value is not None],
                ("turns", 0, "timestamp"): BAD_TIMES,
                ("turns", 0, "turn_id"): [*BAD_IDS, 5, []],
                ("turns", 0, "metadata"): BAD_METADATA,
                ("turns", 0, "bogus"): [1],
            },
        ),
        "POST /v1/users/{user_id}/scratchpad": (
            "/v1/users/alice/scratchpad",
            {"text": "a note", "id": "fresh-n"},
            {
                ("text",): [*BAD_TEXT, "n" * 501],
                ("id",): [*BAD_IDS, "x" * 33, 5],
            },
        ),
        "PUT /v1/users/{user_id}/scratchpad/{note_id}": (
            "/v1/users/alice/scratchpad/n1",
            {"text": "edited"},
            {
                ("text",): [*BAD_TEXT, "n" * 501],
                ("id",): ["n1"],
            },
        ),
        "POST /v1/search": ("/v1/search", query, {**filters, ("k",): [*BAD_INTS, 101]}),
        "POST /v1/context": (
            "/v1/context",
            {**query, "budget_tokens": 200},
            {
                **filters,
                ("budget_tokens",): [*BAD_INTS, 200001, 10**12],
                ("session_id",): [*BAD_IDS, 5],
                ("format",): BAD_ENUMS,
            },
        ),
    }


def body_cases(ids: Seeded) -> Iterator[Case]:
    """Each field of each body set to each hostile value of its kind, plus malformed bodies."""
    json_headers = {"content-type": "application/json"}
    for operation, (path, valid, kinds) in field_kinds(ids).items():
        method = operation.split()[0]
        target = path.encode()
        for where, values in kinds.items():
            for value in values:
                what = f"{'.'.join(map(str, where))}={json.dumps(value)[:40]}"
                content = raw(put(valid, where, value))
                yield Case(
                    operation, what, method, target, content, json_headers, text=is_texty(value)
                )
        yield from malformed_bodies(operation, method, target, valid)
    window = {"user_id": "alice", "query": "q", "start": "2023-06-01T00:00:00Z", "end": START}
    for operation, path in (("POST /v1/search", "/v1/search"), ("POST /v1/context", "/v1/context")):
        yield Case(operation, "start after end", "POST", path.encode(), raw(window), json_headers)
        for when, phrase in (
            ("0001-01-03T00:00:00Z", "last week"),
            ("9999-12-30T00:00:00Z", "next week"),
        ):
            body = {"user_id": "alice", "query": f"what happened {phrase}", "reference_time": when}
            yield Case(
                operation, f"{phrase} at {when}", "POST", path.encode(), raw(body), json_headers
            )
        edge = {
            "user_id": "alice",
            "query": "what happened last year",
            "reference_time": "1000-01-01T00:00:00Z",
        }
        yield Case(
            operation,
            "last year at the calendar's edge",
            "POST",
            path.encode(),
            raw(edge),
            json_headers,
            frozenset(),
        )


def malformed_bodies(
    operation: str, method: str, target: bytes, valid: dict[str, Any]
) -> Iterator[Case]:
    """Bodies that are not the JSON object the operation reads, or not JSON at all."""
    as_json = {"content-type": "application/json"}
    broken = {
        "truncated": b'{"id": ',
        "single quotes": b"{'id': 'x'}",
        "trailing comma": b'{"id": "x",}',
        "garbage after": raw(valid) + b" garbage",
        "bare NaN": b"NaN",
        "utf-8 BOM": b"\xef\xbb\xbf" + raw({**valid, "bogus": 1}),
        "array": b"[]",
        "string": b'"x"',
        "number": b"1",
        "null": b"null",
        "true": b"true",
        "empty object": b"{}",
        "unknown field": raw({**valid, "bogus": 1}),
        "duplicate keys, last bad": b'{"id": "ok-dup", "user_id": "alice", "id": ".."}',
        "deep array": b"[" * 100_000 + b"]" * 100_000,
        "deep object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "deep metadata": raw(valid)[:-1]
        + b', "metadata": '
        + b'{"a":' * 10_000
        + b"{}"
        + b"}" * 10_001,
    }
    for what, content in broken.items():
        yield Case(operation, what, method, target, content, as_json)
    not_utf8 = {
        "latin-1 byte": raw(valid)[:-1] + b', "bogus": "\xff"}',
        "lone continuation": b'{"id": "\x80"}',
        "overlong slash": b'{"id": "\xc0\xaf"}',
        "encoded surrogate": b'{"id": "\xed\xa0\x80"}',
        "truncated sequence": b'{"id": "\xe2\x82"}',
        "utf-16": json.dumps({**valid, "bogus": 1}).encode("utf-16"),
    }
    for what, content in not_utf8.items():
        yield Case(operation, what, method, target, content, as_json, text=True)
    for content_type in (
        "text/plain",
        "",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/json-seq",
    ):
        yield Case(
            operation,
            f"content-type {content_type!r}",
            method,
            target,
            raw(valid),
            {"content-type": content_type},
        )
    yield Case(
        operation,
        "declared over the limit",
        method,
        target,
        b" " * (BODY_LIMIT + 1),
        as_json,
        frozenset({413}),
    )


def chunks(total: int, size: int = MIB) -> Iterator[bytes]:
    """A body sent chunked (no Content-Length): only counting its bytes finds its size."""
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


def path_cases(ids: Seeded) -> Iterator[Case]:
    """Every id position of every path template set to each hostile raw path segment."""
    valid = {"user_id": "alice", "session_id": "alice-s1", "turn_id": ids.turn_id, "note_id": "n1"}
    # fmt: off
    segments = [
        ".", "..", "%2E", "%2E%2E", ".%2E", "%2F", "a%2Fb", "alice%2Fscratchpad%2Fn1", "%00",
        "a%00b", "%0A", "%0D%0A", "%7F", "%FF", "%ZZ", "%", "%C3%28", "%ED%A0%80", "%20",
        "x" * 129, "alice~x", "%F0%9F%98%80", "%E2%80%AE", "a;b", "%3F", "%23", "\\", "%5C..",
    ]
    # fmt: on
    for operation, body in PATH_OPERATIONS.items():
        method, template = operation.split()
        for name in [n for n in valid if "{" + n + "}" in template]:
            for segment in segments:
                path = template.format(**{**valid, name: segment})
                content = raw(body) if body is not None else None
                headers = {"content-type": "application/json"} if body is not None else {}
                text = "%00" in segment or "%ED" in segment or "%FF" in segment
                yield Case(
                    operation,
                    f"{name}={segment}",
                    method,
                    path.encode(),
                    content,
                    headers,
                    REFUSED,
                    text,
                )
            empty = template.format(**{**valid, name: ""})
            yield Case(
                operation,
                f"{name} empty",
                method,
                empty.encode(),
                None,
                {},
                frozenset({307, 404, 405}),
            )


PATH_OPERATIONS: dict[str, dict[str, Any] | None] = {
    "GET /v1/users/{user_id}": None,
    "DELETE /v1/users/{user_id}": None,
    "GET /v1/users/{user_id}/export": None,
    "GET /v1/sessions/{session_id}": None,
    "DELETE /v1/sessions/{session_id}": None,
    "POST /v1/sessions/{session_id}/close": None,
    "GET /v1/sessions/{session_id}/working-memory": None,
    "POST /v1/sessions/{session_id}/turns": {
        "turns": [{"speaker": "A", "text": "hi", "turn_id": "p-t"}]
    },
    "GET /v1/sessions/{session_id}/turns": None,
    "GET /v1/turns/{turn_id}": None,
    "DELETE /v1/turns/{turn_id}": None,
    "GET /v1/users/{user_id}/facts": None,
    "GET /v1/users/{user_id}/episodes": None,
    "GET /v1/users/{user_id}/scratchpad": None,
    "POST /v1/users/{user_id}/scratchpad": {"text": "a note", "id": "p-n"},
    "PUT /v1/users/{user_id}/scratchpad/{note_id}": {"text": "edited"},
    "DELETE /v1/users/{user_id}/scratchpad/{note_id}": None,
}
LISTS = {
    "GET /v1/users": "/v1/users",
    "GET /v1/sessions": "/v1/sessions?user_id=alice",
    "GET /v1/sessions/{session_id}/turns": "/v1/sessions/alice-s1/turns",
    "GET /v1/users/{user_id}/facts": "/v1/users/alice/facts",
    "GET /v1/users/{user_id}/episodes": "/v1/users/alice/episodes",
    "GET /v1/users/{user_id}/scratchpad": "/v1/users/alice/scratchpad",
}


def query_cases(keys: dict[str, list[Any]]) -> Iterator[Case]:
    """Bad limits and cursors on every list (cursors built from the list's real key shape),
    and bad values for the other query parameters."""
    # fmt: off
    limits = [
        "0", "501", "-1", "abc", "1.5", "1e2", "", "9223372036854775808", "0x10", "1&limit=abc",
    ]
    # fmt: on
    for operation, path in LISTS.items():
        join = "&" if "?" in path else "?"
        for limit in limits:
            yield Case(
                operation,
                f"limit={limit}",
                "GET",
                f"{path}{join}limit={limit}".encode(),
                expect=frozenset({422}),
            )
        for what, value in list(bad_cursors(keys.get(operation, []))):
            yield Case(
                operation,
                f"cursor {what}",
                "GET",
                f"{path}{join}cursor={value}".encode(),
                expect=frozenset({422}),
                text="%00" in value,
            )
    facts = "/v1/users/alice/facts?"
    for query in (
        "status=bogus",
        "status=",
        "status=CURRENT",
        "as_of=0.5",
        "as_of=0",
        "as_of=1e10",
        "as_of=",
        "as_of=0001-01-01T00:00:00Z",
        "as_of=9999-12-31T23:59:59Z",
        "as_of=now",
        "as_of=%00",
        "subject=%00",
        "subject=a%00b",
        f"subject={'s' * 257}",
        "as_of=2023-05-08T13:56:00%2B25:00",
    ):
        yield Case(
            "GET /v1/users/{user_id}/facts",
            query,
            "GET",
            (facts + query).encode(),
            expect=frozenset({422}),
            text="%00" in query,
        )
    for query in (
        "",
        "user_id=",
        "user_id=..",
        "user_id=.",
        "user_id=%00",
        "user_id=a%2Fb",
        "user_id=%ED%A0%80",
        f"user_id={'u' * 129}",
    ):
        yield Case(
            "GET /v1/sessions",
            f"?{query}",
            "GET",
            f"/v1/sessions?{query}".encode(),
            expect=frozenset({422}),
            text="%" in query,
        )


def bad_cursors(key: list[Any]) -> Iterator[tuple[str, str]]:
    """Made-up cursors: garbage, and the real key's shape with each value made hostile."""
    yield from [
        ("garbage", "garbage"),
        ("symbols", "!!!"),
        ("empty", ""),
        ("long", "x" * 513),
        ("bad escape", "%ZZ"),
        ("NUL", "%00"),
        ("not a list", cursor({"a": 1})),  # type: ignore[arg-type]
        ("wrong length", cursor([*key, 1])),
        ("null", cursor([None] * len(key))),
    ]
    for i, value in enumerate(key):
        for bad in BAD_KEYS if is_moment(value) or not isinstance(value, str) else [5, None, []]:
            yield f"key[{i}]={json.dumps(bad)}", cursor([*key[:i], bad, *key[i + 1 :]])


# fmt: off
BAD_KEYS = [
    2**63, -(2**63) - 1, 10**30, "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999+00:00", "NaN",
    True, 1.5, [], {},
]
# fmt: on


def is_moment(value: Any) -> bool:
    """Whether a cursor key value is a date-time (an ISO string)."""
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def method_cases(paths: list[str], ids: Seeded) -> Iterator[Case]:
    """Methods no route serves at each path: 405 naming the ones it does (checked later)."""
    valid = {"user_id": "alice", "session_id": "alice-s1", "turn_id": ids.turn_id, "note_id": "n1"}
    for template in paths:
        for method in ("TRACE", "PATCH", "OPTIONS", "PROPFIND"):
            yield Case(
                f"{method} {template}",
                "unsupported method",
                method,
                template.format(**valid).encode(),
                expect=frozenset({405}),
            )


def header_cases() -> Iterator[Case]:
    """Bad credentials and request ids; a body far over the limit, declared and chunked."""
    op, target = "GET /v1/users", b"/v1/users"
    for auth in ("Bearer", "Basic YTpi", "Bearer msk_made_up", "Bearer  x y", "Token x"):
        yield Case(
            op,
            f"authorization {auth!r}",
            "GET",
            target,
            headers={"authorization": auth},
            expect=frozenset({401}),
        )
    for request_id in ("x" * 10_000, "a b", "<script>"):
        yield Case(
            op,
            "odd request id",
            "GET",
            target,
            headers={"x-request-id": request_id},
            expect=frozenset({200}),
        )
    for probe in ("/healthz", "/readyz"):
        over = b" " * (BODY_LIMIT + 1)
        yield Case(
            f"GET {probe}",
            "body over the limit",
            "GET",
            probe.encode(),
            over,
            expect=frozenset({413}),
        )
        yield Case(
            f"GET {probe}",
            "encoded slash",
            "GET",
            f"{probe}%2F..".encode(),
            expect=frozenset({422}),
        )
    body = {"user_id": "alice", "id": "big", "metadata": {"x": "y"}}
    yield Case(
        "POST /v1/sessions",
        "50 MB chunked",
        "POST",
        b"/v1/sessions",
        chunks(50 * MIB),
        {"content-type": "application/json"},
        frozenset({413}),
    )
    yield Case(
        "POST /v1/users",
        "limit+1 chunked",
        "POST",
        b"/v1/users",
        chunks(BODY_LIMIT + 1),
        {"content-type": "application/json"},
        frozenset({413}),
    )
    yield Case(
        "POST /v1/sessions",
        "huge metadata",
        "POST",
        b"/v1/sessions",
        raw({**body, "metadata": {"x": "y" * 20 * MIB}}),
        {"content-type": "application/json"},
        frozenset({413}),
    )
    yield Case(
        "POST /v1/sessions/{session_id}/turns",
        "batch over the cap",
        "POST",
        b"/v1/sessions/alice-s1/turns",
        raw({"turns": [{"speaker": "A", "text": "t", "turn_id": f"cap-{i}"} for i in range(1001)]}),
        {"content-type": "application/json"},
        frozenset({413}),
    )


def all_cases(ids: Seeded, keys: dict[str, list[Any]], paths: list[str]) -> list[Case]:
    return [
        *body_cases(ids),
        *path_cases(ids),
        *query_cases(keys),
        *method_cases(paths, ids),
        *header_cases(),
    ]


@dataclass
class Outcome:
    """What one case got back, and over which local socket."""

    case: Case
    request_id: str
    status: int
    headers: httpx.Headers
    body: bytes
    local: Any  # the client socket's address; None if the connection was already closed


@dataclass
class Run:
    """A battery run against one live server."""

    outcomes: list[Outcome]
    before: dict[str, Any]
    after: dict[str, Any]
    operations: set[str]
    log: Path
    seconds: float


def seed(http: httpx.Client) -> Seeded:
    """Two users, three sessions, turns and notes for the battery to aim at."""
    writes = [
        ("/v1/users", {"id": "alice", "metadata": {"team": "a", "tags": ["x", {"y": 1}]}}),
        ("/v1/users", {"id": "bob"}),
        ("/v1/sessions", {"user_id": "alice", "id": "alice-s1", "started_at": START}),
        (
            "/v1/sessions",
            {"user_id": "alice", "id": "alice-s2", "started_at": "2023-06-20T10:00:00Z"},
        ),
        ("/v1/sessions", {"user_id": "bob", "id": "bob-s1", "started_at": START}),
        (
            "/v1/sessions/alice-s1/turns",
            {
                "turns": [
                    {
                        "speaker": "Caroline",
                        "text": "I went to a support group yesterday.",
                        "timestamp": START,
                        "turn_id": "t1",
                    },
                    {
                        "speaker": "Melanie",
                        "text": "I painted a sunrise last year.",
                        "timestamp": START,
                        "turn_id": "t2",
                    },
                ]
            },
        ),
        (
            "/v1/sessions/bob-s1/turns",
            {"turns": [{"speaker": "Bob", "text": "Hello there.", "turn_id": "b1"}]},
        ),
        ("/v1/users/alice/scratchpad", {"text": "Prefers mornings", "id": "n1"}),
        ("/v1/users/alice/scratchpad", {"text": "Has a dog", "id": "n2"}),
    ]
    for path, body in writes:
        response = http.post(path, json=body)
        assert response.status_code == 201, response.text
    turns = http.get("/v1/sessions/alice-s1/turns").json()["items"]
    return Seeded(turn_id=turns[0]["id"])


def snapshot(http: httpx.Client) -> dict[str, Any]:
    """Everything stored, as the API shows it."""
    seen: dict[str, Any] = {}

    def read(path: str) -> Any:
        response = http.get(path, params={"limit": 500} if "?" not in path else None)
        seen[path] = (response.status_code, response.json())
        return response.json()

    for user in read("/v1/users")["items"]:
        uid = user["id"]
        read(f"/v1/users/{uid}")
        for view in ("scratchpad", "episodes", "facts?status=all&limit=500"):
            read(f"/v1/users/{uid}/{view}")
        for session in read(f"/v1/sessions?user_id={uid}&limit=500")["items"]:
            read(f"/v1/sessions/{session['id']}")
            for turn in read(f"/v1/sessions/{session['id']}/turns")["items"]:
                read(f"/v1/turns/{turn['id']}")
    return seen


def list_keys(http: httpx.Client) -> dict[str, list[Any]]:
    """Each list's real cursor key (from its first page of one item), so made-up cursors keep
    its shape and change one value."""
    keys: dict[str, list[Any]] = {}
    for operation, path in LISTS.items():
        join = "&" if "?" in path else "?"
        next_cursor = http.get(f"{path}{join}limit=1").json()["next_cursor"]
        if next_cursor:
            keys[operation] = json.loads(
                base64.urlsafe_b64decode(next_cursor + "=" * (-len(next_cursor) % 4))
            )
    return keys


def local_address(response: httpx.Response) -> Any:
    stream = response.extensions.get("network_stream")
    try:
        return stream.get_extra_info("client_addr") if stream is not None else None
    except OSError:  # the server closed the connection behind the response
        return None


def send(http: httpx.Client, case: Case, request_id: str) -> Outcome:
    """One case over the shared connection; the target goes out verbatim."""
    headers = {"x-request-id": request_id, **case.headers}
    response = http.request(
        case.method, "/", content=case.content, headers=headers, extensions={"target": case.target}
    )
    return Outcome(
        case,
        request_id,
        response.status_code,
        response.headers,
        response.content,
        local_address(response),
    )


def run_battery(base: str, log: Path, pick: Any = None) -> Run:
    """Seed, snapshot, send every case (or those pick selects), snapshot again."""
    with httpx.Client(base_url=base, timeout=120) as http:
        ids = seed(http)
        before = snapshot(http)
        document = http.get("/openapi.json").json()
        operations = {f"{m.upper()} {p}" for p, ops in document["paths"].items() for m in ops}
        cases = all_cases(ids, list_keys(http), sorted(document["paths"]))
        started = time.perf_counter()
        outcomes = [
            send(http, case, f"case-{i}")
            for i, case in enumerate(cases)
            if pick is None or pick(case)
        ]
        seconds = time.perf_counter() - started
        after = snapshot(http)
    return Run(outcomes, before, after, operations, log, seconds)


def server_errors(log: Path, request_id: str) -> str:
    """The server's tracebacks for one request."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if entry.get("request_id") == request_id and "exception" in entry:
                found.append(entry["exception"])
    return "\n".join(found)


def describe(outcome: Outcome, log: Path) -> str:
    case = outcome.case
    content = b"<chunked>" if isinstance(case.content, Iterator) else case.content or b""
    return (
        f"{case.operation} [{case.what}] {case.method} {case.target[:120]!r} body={content[:160]!r}"
        f" -> {outcome.status} {outcome.body[:300]!r}\n{server_errors(log, outcome.request_id)}"
    )


def wrong(outcome: Outcome) -> str | None:
    """What is wrong with a case's answer, or None."""
    if outcome.status >= 500:
        return "a server error"
    if outcome.case.expect and outcome.status not in outcome.case.expect:
        return f"expected {sorted(outcome.case.expect)[:6]}"
    if 400 <= outcome.status < 500:
        return error_body_problem(outcome)
    return None


def error_body_problem(outcome: Outcome) -> str | None:
    """Whether a 4xx carries the documented error body, its request id and, for 405, Allow."""
    try:
        error = json.loads(outcome.body)["error"]
    except (ValueError, KeyError, TypeError):
        return "not the error body"
    if set(error) != {"code", "message", "details", "request_id"} or not error["message"]:
        return f"error keys {sorted(error)}"
    if error["request_id"] != outcome.headers.get("x-request-id"):
        return "error request_id differs from X-Request-ID"
    allow = outcome.headers.get("allow", "")
    if outcome.status == 405 and (not allow or outcome.case.method in allow.split(", ")):
        return f"405 with Allow {allow!r}"
    return None


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The whole battery against one server on embedded defaults (SQLite, Qdrant edge)."""
    tmp = tmp_path_factory.mktemp("bad-input")
    with live_server(tmp) as served:
        return run_battery(served.base, served.log)


def test_the_table_covers_every_operation(battery: Run) -> None:
    covered = {outcome.case.operation for outcome in battery.outcomes}
    assert battery.operations - covered == set()
    assert len(battery.outcomes) >= 300


def test_every_hostile_request_gets_its_documented_4xx(battery: Run) -> None:
    problems = [f"{why}: {describe(o, battery.log)}" for o in battery.outcomes if (why := wrong(o))]
    summary = f"{len(problems)} of {len(battery.outcomes)} cases wrong in {battery.seconds:.1f} s"
    assert not problems, summary + "\n\n" + "\n\n".join(problems)


def test_a_client_request_id_is_kept_only_when_short_and_printable(battery: Run) -> None:
    odd = [o for o in battery.outcomes if o.case.what == "odd request id"]
    assert odd and all(o.headers["x-request-id"] != o.case.headers["x-request-id"] for o in odd[:1])
    assert all(o.headers["x-request-id"] == o.case.headers["x-request-id"] for o in odd[2:])


def test_the_stored_data_is_unchanged(battery: Run) -> None:
    assert len(battery.before) >= 20  # the users, their sessions, turns and notes were read
    changed = {
        path
        for path in battery.before.keys() | battery.after.keys()
        if battery.before.get(path) != battery.after.get(path)
    }
    assert not changed, {path: battery.after.get(path) for path in sorted(changed)}


def test_one_keepalive_connection_served_the_whole_battery(battery: Run) -> None:
    sockets = [outcome.local for outcome in battery.outcomes]
    dropped = [describe(o, battery.log) for o in battery.outcomes if o.local is None]
    assert not dropped, dropped[:5]
    assert len(set(sockets)) == 1, f"{len(set(sockets)) - 1} new connections were needed"
    assert not [o for o in battery.outcomes if o.headers.get("connection") == "close"]


def test_text_cases_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    """NUL bytes, lone surrogates and bad encodings, where PostgreSQL stores the text."""
    with live_server(tmp_path, settings={"database_url": postgres_url}) as served:
        run = run_battery(served.base, served.log, pick=lambda case: case.text)
    assert len(run.outcomes) >= 100
    problems = [f"{why}: {describe(o, run.log)}" for o in run.outcomes if (why := wrong(o))]
    assert not problems, "\n\n".join(problems)
    assert run.before == run.after
    assert len({outcome.local for outcome in run.outcomes}) == 1
