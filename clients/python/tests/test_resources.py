"""Every method sends the documented request and parses the answer into its model."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

import memsvc_client as sdk

MakeClient = Callable[..., Any]
T0 = "2024-01-01T00:00:00Z"
USER = {"id": "u1", "metadata": {"plan": "pro"}, "created_at": T0, "session_count": 1}
SESSION = {"id": "s1", "user_id": "u1", "started_at": T0, "created_at": T0}
TURN = {
    "id": "t1", "session_id": "s1", "user_id": "u1", "turn_id": None, "seq": 0,
    "speaker": "Ann", "role": "user", "text": "hi", "timestamp": T0, "created_at": T0,
}  # fmt: skip
NOTE = {"id": "n1", "text": "likes tea", "distilled": False, "session_id": None,
        "source_turn_ids": [], "created_at": T0, "updated_at": T0}  # fmt: skip
EVIDENCE = {"strength": 0.8, "similarity": 0.7, "label": "strong"}
SEARCH = {"query": "tea", "hits": [dict(TURN, score=0.9)], "memories": [], "evidence": EVIDENCE}
CONTEXT = {
    "context": "Ann: hi", "format": "text", "messages": None, "tokens": 3, "budget_tokens": 512,
    "turn_ids": ["t1"], "items": [], "sources": {"turns": ["t1"], "facts": [], "notes": []},
    "evidence": EVIDENCE,
}  # fmt: skip


@dataclass
class Case:
    call: Callable[[Any], Any]
    method: str
    path: str
    answer: Any = None
    status: int = 200
    body: Any = None
    params: dict[str, str] = field(default_factory=dict)
    returns: type | None = None


CASES = {
    "users.create": Case(
        lambda c: c.users.create(id="u1", metadata={"plan": "pro"}), "POST", "/v1/users",
        USER, 201, body={"id": "u1", "metadata": {"plan": "pro"}}, returns=sdk.User,
    ),
    "users.get": Case(lambda c: c.users.get(user_id="u1"), "GET", "/v1/users/u1", USER,
                      returns=sdk.User),
    "users.delete": Case(lambda c: c.users.delete(user_id="u1"), "DELETE", "/v1/users/u1",
                         status=204),
    "sessions.create": Case(
        lambda c: c.sessions.create(user_id="u1", id="s1", started_at=datetime(2024, 1, 1,
                                                                               tzinfo=UTC)),
        "POST", "/v1/sessions", SESSION, 201,
        body={"user_id": "u1", "id": "s1", "started_at": "2024-01-01T00:00:00Z"},
        returns=sdk.Session,
    ),
    "sessions.get": Case(lambda c: c.sessions.get(session_id="s1"), "GET", "/v1/sessions/s1",
                         SESSION, returns=sdk.Session),
    "sessions.delete": Case(lambda c: c.sessions.delete(session_id="s1"), "DELETE",
                            "/v1/sessions/s1", status=204),
    "sessions.close": Case(
        lambda c: c.sessions.close(session_id="s1"), "POST", "/v1/sessions/s1/close",
        {"session_id": "s1", "closed_at": T0, "consolidation": "queued"}, 202,
        returns=sdk.SessionClosed,
    ),
    "sessions.working_memory": Case(
        lambda c: c.sessions.working_memory(session_id="s1"), "GET",
        "/v1/sessions/s1/working-memory",
        {"session_id": "s1", "turns": [], "summary": "", "summary_turn_ids": [],
         "earlier_turns": 0},
        returns=sdk.WorkingMemory,
    ),
    "turns.add": Case(
        lambda c: c.turns.add(session_id="s1", turns=[
            {"speaker": "Ann", "text": "hi", "turn_id": "m1"},
            sdk.TurnIn(speaker="Bot", text="hello", role="assistant", turn_id="m2",
                       timestamp=datetime(2024, 1, 1, 0, 0, 5, tzinfo=UTC)),
        ]),
        "POST", "/v1/sessions/s1/turns", {"turns": [TURN], "created": 1, "existing": 0}, 201,
        body={"turns": [
            {"speaker": "Ann", "text": "hi", "turn_id": "m1"},
            {"speaker": "Bot", "text": "hello", "role": "assistant",
             "timestamp": "2024-01-01T00:00:05Z", "turn_id": "m2"},
        ]},
        returns=sdk.TurnsAdded,
    ),
    "turns.get": Case(lambda c: c.turns.get(turn_id="t1"), "GET", "/v1/turns/t1", TURN,
                      returns=sdk.Turn),
    "turns.delete": Case(lambda c: c.turns.delete(turn_id="t1"), "DELETE", "/v1/turns/t1",
                         status=204),
    "scratchpad.add": Case(
        lambda c: c.scratchpad.add(user_id="u1", text="likes tea", id="n1"), "POST",
        "/v1/users/u1/scratchpad", NOTE, 201, body={"text": "likes tea", "id": "n1"},
        returns=sdk.Note,
    ),
    "scratchpad.put": Case(
        lambda c: c.scratchpad.put(user_id="u1", note_id="n1", text="likes green tea"), "PUT",
        "/v1/users/u1/scratchpad/n1", NOTE, body={"text": "likes green tea"}, returns=sdk.Note,
    ),
    "scratchpad.delete": Case(
        lambda c: c.scratchpad.delete(user_id="u1", note_id="n1"), "DELETE",
        "/v1/users/u1/scratchpad/n1", status=204,
    ),
    "search": Case(
        lambda c: c.search(user_id="u1", query="tea", k=5, tiers=["episodic", "semantic"],
                           as_of=datetime(2024, 2, 1, tzinfo=UTC), rerank=True),
        "POST", "/v1/search", SEARCH,
        body={"user_id": "u1", "query": "tea", "k": 5, "tiers": ["episodic", "semantic"],
              "as_of": "2024-02-01T00:00:00Z", "rerank": True},
        returns=sdk.SearchResponse,
    ),
    "context": Case(
        lambda c: c.context(user_id="u1", query="tea", budget_tokens=512, format="text",
                            session_id="s1"),
        "POST", "/v1/context", CONTEXT,
        body={"user_id": "u1", "query": "tea", "budget_tokens": 512, "format": "text",
              "session_id": "s1"},
        returns=sdk.ContextResponse,
    ),
    "health": Case(lambda c: c.health(), "GET", "/healthz", {"status": "ok"},
                   returns=sdk.Health),
    "ready": Case(lambda c: c.ready(), "GET", "/readyz",
                  {"status": "ready", "index_points": 3}, returns=sdk.Health),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_method_sends_request_and_parses_answer(
    name: str, make_client: MakeClient, resolve: Any, script: Any
) -> None:
    case = CASES[name]
    answer = httpx.Response(case.status, json=case.answer) if case.answer else httpx.Response(204)
    handler = script(answer)
    result = resolve(case.call(make_client(handler)))

    sent = handler.requests[0]
    assert (sent.method, sent.url.path) == (case.method, case.path)
    assert dict(sent.url.params) == case.params
    assert (json.loads(sent.content) if sent.content else None) == case.body
    if case.returns is None:
        assert result is None
    else:
        assert isinstance(result, case.returns)


def test_responses_keep_unknown_fields(make_client: MakeClient, resolve: Any) -> None:
    answer = dict(USER, favourite_colour="green", created_at="2024-01-01T10:00:00+02:00")
    user = resolve(make_client(lambda _: httpx.Response(200, json=answer)).users.get(user_id="u"))
    assert user.favourite_colour == "green"
    assert user.model_extra == {"favourite_colour": "green"}
    assert user.created_at == datetime(2024, 1, 1, 8, tzinfo=UTC)
    assert user.metadata == {"plan": "pro"}


def test_nested_models_are_parsed(make_client: MakeClient, resolve: Any) -> None:
    client = make_client(lambda _: httpx.Response(200, json=SEARCH))
    result = resolve(client.search(user_id="u1", query="tea"))
    assert isinstance(result.hits[0], sdk.SearchHit)
    assert result.hits[0].score == 0.9
    assert result.evidence.label == "strong"


def test_ids_are_escaped_into_one_path_segment(
    make_client: MakeClient, resolve: Any, script: Any
) -> None:
    handler = script(httpx.Response(200, json=USER))
    client = make_client(handler)
    resolve(client.users.get(user_id="a/b?c"))
    resolve(client.users.get(user_id=".."))
    resolve(client.users.get(user_id="mail:ann@example.com"))
    raw = [r.url.raw_path.decode() for r in handler.requests]
    assert raw == [
        "/v1/users/a%2Fb%3Fc",
        "/v1/users/%2E%2E",
        "/v1/users/mail%3Aann%40example.com",
    ]


def test_unset_options_are_left_to_the_server(
    make_client: MakeClient, resolve: Any, script: Any
) -> None:
    handler = script(httpx.Response(200, json=SEARCH))
    resolve(make_client(handler).search(user_id="u1", query="tea", k=None))
    assert json.loads(handler.requests[0].content) == {"user_id": "u1", "query": "tea"}


def test_methods_take_keyword_arguments_only(make_client: MakeClient) -> None:
    client = make_client(lambda _: httpx.Response(200, json=USER))
    with pytest.raises(TypeError):
        client.users.get("u1")
    with pytest.raises(TypeError):
        client.search("u1", "tea")
