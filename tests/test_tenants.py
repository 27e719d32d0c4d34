"""Tenants and API keys: a key sees only its tenant's memory, whatever ids it guesses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from memsvc.app import create_app
from memsvc.config import Settings
from memsvc.encoder import SentenceTransformerEncoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.runtime import Runtime, build_runtime
from memsvc.storage.models import ApiKey, User
from memsvc.tenants import service as tenants
from tests.helpers import turns_body

CAT = [("Alice", "I adopted a grey cat called Mochi last week.", "2023-05-08T13:56:00Z")]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """A server that requires API keys."""
    return Settings(data_dir=tmp_path / "data", database_url=database_url, require_api_key=True)


@pytest.fixture
def keys(runtime: Runtime) -> dict[str, str]:
    """One key for each of two tenants."""
    with runtime.sessions.begin() as db:
        return {t: tenants.create_key(db, tenant_id=t).secret for t in ("acme", "globex")}


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def seed_alice(client: TestClient, headers: dict[str, str]) -> str:
    """User alice with session s1 and one turn; returns the turn's id."""
    created = client.post("/v1/sessions", json={"user_id": "alice", "id": "s1"}, headers=headers)
    assert created.status_code == 201
    added = client.post("/v1/sessions/s1/turns", json=turns_body(CAT, prefix="t"), headers=headers)
    assert added.status_code == 201, added.text
    return str(added.json()["turns"][0]["id"])


def test_requests_need_a_valid_key(client: TestClient, keys: dict[str, str]) -> None:
    missing = client.get("/v1/users/alice")
    assert missing.status_code == 401
    assert "Authorization: Bearer" in missing.json()["error"]["message"]
    assert missing.json()["error"]["request_id"] == missing.headers["x-request-id"]
    assert missing.headers["www-authenticate"] == "Bearer"
    assert client.get("/v1/users/alice", headers={"Authorization": "Basic x"}).status_code == 401
    assert client.get("/v1/users/alice", headers=auth("msk_guess")).status_code == 401
    assert client.get("/healthz").status_code == 200  # probes stay open


def test_a_revoked_key_stops_working(
    client: TestClient, runtime: Runtime, keys: dict[str, str]
) -> None:
    assert client.get("/v1/users", headers=auth(keys["acme"])).status_code == 200
    with runtime.sessions.begin() as db:
        key = next(k for k in tenants.list_keys(db, tenant_id="acme"))
        tenants.revoke(db, key_id=key.prefix)
    refused = client.get("/v1/users", headers=auth(keys["acme"]))
    assert refused.status_code == 401 and "revoked" in refused.json()["error"]["message"]


def test_keys_are_stored_hashed(runtime: Runtime, keys: dict[str, str]) -> None:
    with runtime.sessions() as db:
        stored = {k.hash for k in db.query(ApiKey)}
    assert stored == {tenants.digest(secret) for secret in keys.values()}
    assert not any(secret in stored for secret in keys.values())


def test_a_tenant_never_reaches_another_tenants_memory(
    client: TestClient, keys: dict[str, str]
) -> None:
    acme, globex = auth(keys["acme"]), auth(keys["globex"])
    turn_id = seed_alice(client, acme)
    query = {"user_id": "alice", "query": "What is the cat called?"}
    denied: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", "/v1/users/alice", None),
        ("GET", "/v1/sessions/s1", None),
        ("GET", "/v1/sessions/s1/turns", None),
        ("GET", "/v1/sessions/s1/working-memory", None),
        ("GET", "/v1/users/alice/facts", None),
        ("GET", "/v1/users/alice/episodes", None),
        ("GET", "/v1/users/alice/scratchpad", None),
        ("GET", f"/v1/turns/{turn_id}", None),
        ("POST", "/v1/search", query),
        ("POST", "/v1/context", query),
        ("POST", "/v1/sessions/s1/close", None),
        ("POST", "/v1/sessions/s1/turns", turns_body([("Eve", "hi", CAT[0][2])], prefix="e")),
        ("DELETE", f"/v1/turns/{turn_id}", None),
        ("DELETE", "/v1/sessions/s1", None),
        ("DELETE", "/v1/users/alice", None),
    ]
    for method, path, body in denied:
        response = client.request(method, path, json=body, headers=globex)
        assert response.status_code == 404, (method, path, response.text)
    listing = client.get("/v1/sessions", params={"user_id": "alice"}, headers=globex)
    assert listing.status_code == 404
    assert client.get("/v1/users", headers=globex).json()["items"] == []

    # Guessing the storage form of another tenant's ids is refused outright.
    for guess in ("acme~alice", "acme%7Ealice"):
        assert client.get(f"/v1/users/{guess}", headers=globex).status_code == 422
    scoped_body = {"user_id": "acme~alice", "query": "cat"}
    assert client.post("/v1/search", json=scoped_body, headers=globex).status_code == 422

    # The same client ids in another tenant are separate users and sessions.
    assert client.post("/v1/sessions", json={"user_id": "alice", "id": "s1"}, headers=globex)
    hits = client.post("/v1/search", json=query, headers=globex).json()["hits"]
    assert hits == []

    # acme's memory is untouched, and shown with acme's own ids.
    user = client.get("/v1/users/alice", headers=acme).json()
    assert (user["id"], user["turn_count"]) == ("alice", 1)
    hit = client.post("/v1/search", json=query, headers=acme).json()["hits"][0]
    assert (hit["id"], hit["session_id"]) == (turn_id, "s1")
    turn = client.get(f"/v1/turns/{turn_id}", headers=acme).json()
    assert (turn["user_id"], turn["session_id"]) == ("alice", "s1")
    context = client.post("/v1/context", json={**query, "format": "json"}, headers=acme).json()
    assert context["items"][0]["session_id"] == "s1" and "~" not in context["context"]


def test_errors_quote_the_callers_own_ids(client: TestClient, keys: dict[str, str]) -> None:
    missing = client.get("/v1/sessions/nope", headers=auth(keys["acme"])).json()["error"]
    assert "'nope'" in missing["message"] and "acme~" not in str(missing)


def test_users_list_pages_through_a_tenants_users(
    client: TestClient, runtime: Runtime, keys: dict[str, str]
) -> None:
    acme = auth(keys["acme"])
    for name in ("u1", "u2", "u3"):
        assert client.post("/v1/users", json={"id": name}, headers=acme).status_code == 201
    client.post("/v1/users", json={"id": "other"}, headers=auth(keys["globex"]))
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/users", params=params, headers=acme).json()
        seen += [u["id"] for u in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == ["u1", "u2", "u3"]
    with runtime.sessions() as db:
        assert {u.tenant_id for u in db.query(User)} == {"acme", "globex"}
    bad = client.get("/v1/users", params={"cursor": "not-a-cursor"}, headers=acme)
    assert bad.status_code == 422 and "next_cursor" in bad.json()["error"]["message"]


@pytest.fixture
def open_client(
    tmp_path: Path,
    database_url: str,
    encoder: SentenceTransformerEncoder,
    anchorer: Anchorer,
) -> Iterator[tuple[TestClient, Runtime]]:
    """The embedded local default: no key required."""
    settings = Settings(data_dir=tmp_path / "open", database_url=database_url)
    built = build_runtime(settings, encoder=encoder, anchorer=anchorer)
    with TestClient(create_app(runtime=built)) as client:
        yield client, built
    built.close()


def test_open_mode_uses_the_default_tenant_and_keys_still_isolate(
    open_client: tuple[TestClient, Runtime],
) -> None:
    client, runtime = open_client
    with runtime.sessions.begin() as db:
        acme = auth(tenants.create_key(db, tenant_id="acme").secret)
    seed_alice(client, {})
    assert client.get("/v1/users/alice").json()["turn_count"] == 1
    assert client.get("/v1/users/alice", headers=acme).status_code == 404
    assert client.get("/v1/users/alice", headers=auth("msk_wrong")).status_code == 401


def test_note_ids_belong_to_their_user(client: TestClient, keys: dict[str, str]) -> None:
    acme, globex = auth(keys["acme"]), auth(keys["globex"])
    writes = [
        (acme, "alice", "Prefers short answers."),
        (acme, "bob", "Likes long stories."),
        (globex, "alice", "Answers in French."),
    ]
    for headers, user, text in writes:
        note = {"id": "style", "text": text}
        created = client.post(f"/v1/users/{user}/scratchpad", json=note, headers=headers)
        assert created.status_code == 201, created.text
        assert created.json()["id"] == "style"
    for headers, user, text in writes:
        notes = client.get(f"/v1/users/{user}/scratchpad", headers=headers).json()["items"]
        assert [(n["id"], n["text"]) for n in notes] == [("style", text)]
    edited = client.put(
        "/v1/users/alice/scratchpad/style", json={"text": "Prefers bullet points."}, headers=acme
    )
    assert edited.status_code == 200
    french = client.get("/v1/users/alice/scratchpad", headers=globex).json()["items"][0]
    assert french["text"] == "Answers in French."
