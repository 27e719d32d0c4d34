"""Sessions and turns through the REST API: idempotency, atomic batches, bad input."""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi.testclient import TestClient

from memsvc.runtime import Runtime
from tests.helpers import DIALOGUE, make_session, seed, turns_body


def test_session_create_is_idempotent_on_client_id(client: TestClient) -> None:
    first = client.post("/v1/sessions", json={"user_id": "u1", "id": "s1"})
    again = client.post("/v1/sessions", json={"user_id": "u1", "id": "s1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] == "s1"
    other_user = client.post("/v1/sessions", json={"user_id": "u2", "id": "s1"})
    assert other_user.status_code == 409
    assert "another user" in other_user.json()["error"]["message"]


def test_session_start_defaults_to_now_and_lists_oldest_first(client: TestClient) -> None:
    make_session(client, user_id="u1", session_id="late", started_at="2024-01-01T00:00:00Z")
    generated = client.post("/v1/sessions", json={"user_id": "u1"}).json()
    make_session(client, user_id="u1", session_id="early", started_at="2023-01-01T00:00:00Z")
    assert len(generated["id"]) == 32
    page = client.get("/v1/sessions", params={"user_id": "u1", "limit": 2}).json()
    assert [s["id"] for s in page["items"]] == ["early", "late"]
    assert page["next_cursor"] is not None
    params = {"user_id": "u1", "limit": 2, "cursor": page["next_cursor"]}
    rest = client.get("/v1/sessions", params=params).json()
    assert [s["id"] for s in rest["items"]] == [generated["id"]] and rest["next_cursor"] is None


def test_turns_are_stored_in_order_with_their_timestamps(client: TestClient) -> None:
    seed(client)
    session = client.get("/v1/sessions/u1-s1").json()
    assert session["turn_count"] == len(DIALOGUE)
    user = client.get("/v1/users/u1").json()
    assert (user["session_count"], user["turn_count"]) == (2, 6)


def test_reposting_turn_ids_stores_nothing_twice(client: TestClient, runtime: Runtime) -> None:
    seed(client)
    before = runtime.index.count(user_id="u1")
    again = client.post("/v1/sessions/u1-s1/turns", json=turns_body(DIALOGUE, prefix="u1-s1"))
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["existing"]) == (0, len(DIALOGUE))
    assert [t["turn_id"] for t in again.json()["turns"]] == [f"u1-s1-{i}" for i in range(4)]
    assert client.get("/v1/sessions/u1-s1").json()["turn_count"] == len(DIALOGUE)
    assert runtime.index.count(user_id="u1") == before


def test_mixed_batch_returns_stored_and_new_turns_in_request_order(client: TestClient) -> None:
    seed(client)
    body = turns_body(DIALOGUE[:2], prefix="u1-s1")
    body["turns"].append({"speaker": "Caroline", "text": "Brand new thought.", "turn_id": "new-1"})
    body["turns"].append({"speaker": "Caroline", "text": "Brand new thought.", "turn_id": "new-1"})
    result = client.post("/v1/sessions/u1-s1/turns", json=body).json()
    assert (result["created"], result["existing"]) == (1, 3)
    ids = [t["id"] for t in result["turns"]]
    assert ids[2] == ids[3] and result["turns"][2]["seq"] == len(DIALOGUE)


def test_conflicting_turn_id_rejects_the_whole_batch(client: TestClient, runtime: Runtime) -> None:
    seed(client)
    before = runtime.index.count(user_id="u1")
    body = {
        "turns": [
            {"speaker": "Melanie", "text": "A fresh turn that must not be stored."},
            {"speaker": "Caroline", "text": "Different text, reused id", "turn_id": "u1-s1-0"},
        ]
    }
    response = client.post("/v1/sessions/u1-s1/turns", json=body)
    assert response.status_code == 409
    assert "different speaker or text" in response.json()["error"]["message"]
    assert client.get("/v1/sessions/u1-s1").json()["turn_count"] == len(DIALOGUE)
    assert runtime.index.count(user_id="u1") == before


def test_invalid_item_rejects_the_whole_batch(client: TestClient) -> None:
    make_session(client, user_id="u1", session_id="s1", started_at="2023-05-08T13:56:00Z")
    body = {"turns": [{"speaker": "A", "text": "fine"}, {"speaker": "A", "text": "   "}]}
    response = client.post("/v1/sessions/s1/turns", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error" and "turns.1.text" in error["message"]
    assert client.get("/v1/sessions/s1").json()["turn_count"] == 0


def test_bad_input_gets_actionable_errors(client: TestClient) -> None:
    make_session(client, user_id="u1", session_id="s1", started_at="2023-05-08T13:56:00Z")
    cases = {
        "malformed timestamp": {"turns": [{"speaker": "A", "text": "x", "timestamp": "yesterday"}]},
        "empty batch": {"turns": []},
        "unknown field": {"turns": [{"speaker": "A", "text": "x", "colour": "red"}]},
    }
    for name, body in cases.items():
        response = client.post("/v1/sessions/s1/turns", json=body)
        assert response.status_code == 422, name
        assert response.json()["error"]["message"].startswith("invalid request"), name
    bad_time = client.post("/v1/sessions/s1/turns", json=cases["malformed timestamp"]).json()
    assert "ISO 8601" in bad_time["error"]["message"]
    too_many = {"turns": [{"speaker": "A", "text": f"turn {i}"} for i in range(51)]}
    response = client.post("/v1/sessions/s1/turns", json=too_many)
    assert response.status_code == 413 and "at most 50" in response.json()["error"]["message"]
    assert client.get("/v1/sessions/s1").json()["turn_count"] == 0
    missing = client.post(
        "/v1/sessions/nope/turns", json={"turns": [{"speaker": "A", "text": "x"}]}
    )
    assert missing.status_code == 404 and "POST /v1/sessions" in missing.json()["error"]["message"]


def test_errors_carry_the_request_id(client: TestClient) -> None:
    response = client.get("/v1/sessions/nope", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "req-123"
    assert response.json()["error"]["request_id"] == "req-123"


def test_concurrent_clients_creating_the_same_user_and_session(client: TestClient) -> None:
    """Retrying chatbots race: every request succeeds and one session and turn are stored."""
    from concurrent.futures import ThreadPoolExecutor

    def create(i: int) -> tuple[int, int]:
        session = client.post("/v1/sessions", json={"user_id": "racer", "id": "race-s"})
        turn = client.post(
            "/v1/sessions/race-s/turns",
            json={"turns": [{"speaker": "A", "text": f"hello {i % 2}", "turn_id": f"t{i % 2}"}]},
        )
        return session.status_code, turn.status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(create, range(12)))
    assert all(s in (200, 201) and t in (200, 201, 409) for s, t in results), results
    assert client.get("/v1/sessions/race-s").json()["turn_count"] == 2
    assert client.get("/v1/users/racer").json()["session_count"] == 1


def test_made_up_cursors_get_a_clear_422(client: TestClient) -> None:
    seed(client)
    client.post("/v1/users/u1/scratchpad", json={"text": "Prefers short answers."})
    lists = [
        ("/v1/users", {}),
        ("/v1/sessions", {"user_id": "u1"}),
        ("/v1/sessions/u1-s1/turns", {}),
        ("/v1/users/u1/scratchpad", {}),
    ]
    keys: list[Any] = [[[1]], [None, None], ["2023-01-01T00:00:00+00:00", 5], {}, "x", [1, 2, 3]]
    for path, params in lists:
        for key in keys:
            cursor = base64.urlsafe_b64encode(json.dumps(key).encode()).decode()
            response = client.get(path, params={**params, "cursor": cursor})
            assert response.status_code == 422, (path, key, response.text)
            assert "next_cursor" in response.json()["error"]["message"]
    not_base64 = client.get("/v1/users", params={"cursor": "%%%"})
    assert not_base64.status_code == 422
