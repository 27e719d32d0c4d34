"""One id space: every response cites turns in the client's own ids (its session id and turn
id) beside memsvc's, so a client never keeps a map from the add response. Run under an API key,
where stored ids carry the tenant: none of that may show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from memsvc.config import Settings
from memsvc.runtime import Runtime
from memsvc.tenants import service as tenants
from tests.helpers import turns_body

LINES = [
    ("user", "I'm allergic to peanuts, please remember that.", "2023-05-08T13:56:00Z"),
    ("assistant", "Noted, no peanuts in any recipe.", "2023-05-08T13:56:30Z"),
    ("user", "I moved to Lisbon last week and I love the trams.", "2023-05-08T13:57:00Z"),
    ("assistant", "Lisbon is lovely, enjoy the trams!", "2023-05-08T13:57:30Z"),
]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, require_api_key=True)


@pytest.fixture
def headers(runtime: Runtime) -> dict[str, str]:
    with runtime.sessions.begin() as db:
        return {"Authorization": f"Bearer {tenants.create_key(db, tenant_id='acme').secret}"}


@pytest.fixture
def stored(client: TestClient, runtime: Runtime, headers: dict[str, str]) -> dict[str, tuple]:
    """A closed session of u1 (so facts, an episode and notes exist): memsvc id -> the
    client's (session id, turn id) for each stored turn."""
    session = {"user_id": "u1", "id": "trip"}
    assert client.post("/v1/sessions", json=session, headers=headers).status_code == 201
    added = client.post(
        "/v1/sessions/trip/turns", json=turns_body(LINES, prefix="m"), headers=headers
    )
    assert added.status_code == 201, added.text
    closed = client.post("/v1/sessions/trip/close", headers=headers)
    assert closed.status_code == 202
    assert runtime.scheduler is not None
    runtime.scheduler.wait()
    return {t["id"]: (t["session_id"], t["turn_id"]) for t in added.json()["turns"]}


def own(refs: list[dict[str, Any]], stored: dict[str, tuple]) -> None:
    """Every reference names a stored turn by the client's ids and memsvc's alike."""
    assert refs
    for r in refs:
        assert (r["session_id"], r["turn_id"]) == stored[r["id"]]
        assert r["timestamp"]


def get(client: TestClient, path: str, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_every_response_cites_turns_in_the_clients_ids(
    client: TestClient, headers: dict[str, str], stored: dict[str, tuple]
) -> None:
    body = {"user_id": "u1", "query": "Where did I move to?", "budget_tokens": 1024}
    context = client.post("/v1/context", json=body, headers=headers).json()
    own(context["turn_refs"], stored)
    assert [r["id"] for r in context["turn_refs"]] == context["turn_ids"]
    own(context["sources"]["turn_refs"], stored)
    assert [r["id"] for r in context["sources"]["turn_refs"]] == context["sources"]["turns"]

    search = client.post("/v1/search", json={"user_id": "u1", "query": "Lisbon"}, headers=headers)
    assert search.status_code == 200
    for hit in search.json()["hits"]:
        assert (hit["session_id"], hit["turn_id"]) == stored[hit["id"]]
    memories = search.json()["memories"]
    assert memories
    for memory in memories:
        own(memory["source_turns"], stored)

    for tier in ("facts", "episodes", "scratchpad"):
        items = get(client, f"/v1/users/u1/{tier}", headers)["items"]
        assert items, tier
        for item in items:
            own(item["source_turns"], stored)
            assert [r["id"] for r in item["source_turns"]] == item["source_turn_ids"]

    working = get(client, "/v1/sessions/trip/working-memory", headers)
    for turn in working["turns"]:
        assert ("trip", turn["turn_id"]) == stored[turn["id"]]
    assert [r["id"] for r in working["summary_turns"]] == working["summary_turn_ids"]


def test_a_deleted_turn_drops_out_of_the_references(
    client: TestClient, headers: dict[str, str], stored: dict[str, tuple]
) -> None:
    notes = get(client, "/v1/users/u1/scratchpad", headers)["items"]
    cited = notes[0]["source_turn_ids"][0]
    assert client.delete(f"/v1/turns/{cited}", headers=headers).status_code == 204
    after = get(client, "/v1/users/u1/scratchpad", headers)["items"]
    assert all(cited not in [r["id"] for r in n["source_turns"]] for n in after)


def test_the_openapi_document_carries_the_new_version(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["version"] == "0.2.0"
    assert "TurnRef" in spec["components"]["schemas"]
    context = spec["components"]["schemas"]["ContextResponse"]["properties"]
    assert context["turn_refs"]["items"]["$ref"].endswith("/TurnRef")
