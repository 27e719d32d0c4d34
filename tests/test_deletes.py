"""Deletes remove data from SQL and from the vector index."""

from __future__ import annotations

from fastapi.testclient import TestClient

from memsvc.runtime import Runtime
from tests.helpers import seed


def test_delete_turn(client: TestClient, runtime: Runtime) -> None:
    seed(client)
    hit = client.post("/v1/search", json={"user_id": "u1", "query": "puppy Oscar", "k": 1}).json()
    turn_id = hit["hits"][0]["id"]
    assert client.delete(f"/v1/turns/{turn_id}").status_code == 204
    assert client.get(f"/v1/turns/{turn_id}").status_code == 404
    assert turn_id not in runtime.index.ids(user_id="u1")
    after = client.post(
        "/v1/search", json={"user_id": "u1", "query": "puppy Oscar", "k": 10}
    ).json()
    assert turn_id not in {h["id"] for h in after["hits"]}
    assert client.delete(f"/v1/turns/{turn_id}").status_code == 404


def test_delete_session(client: TestClient, runtime: Runtime) -> None:
    seed(client)
    assert client.delete("/v1/sessions/u1-s1").status_code == 204
    assert client.get("/v1/sessions/u1-s1").status_code == 404
    assert runtime.index.count(user_id="u1") == 2
    user = client.get("/v1/users/u1").json()
    assert (user["session_count"], user["turn_count"]) == (1, 2)


def test_delete_user_leaves_other_users_alone(client: TestClient, runtime: Runtime) -> None:
    seed(client, user_id="u1")
    seed(client, user_id="u2")
    assert client.delete("/v1/users/u1").status_code == 204
    assert client.get("/v1/users/u1").status_code == 404
    assert client.get("/v1/sessions/u1-s1").status_code == 404
    assert runtime.index.ids(user_id="u1") == set()
    assert runtime.index.count(user_id="u2") == 6
    assert client.get("/v1/users/u2").json()["turn_count"] == 6
