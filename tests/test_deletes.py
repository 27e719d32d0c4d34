"""Deletes remove data from every store: SQL, the vector index, Redis and the job queue."""

from __future__ import annotations

import pytest
import redis
from fastapi.testclient import TestClient
from rq.job import Job
from sqlalchemy import func, select

from memsvc.app import create_app
from memsvc.runtime import Runtime
from memsvc.storage.models import Memory, Turn, User
from memsvc.storage.models import Session as ChatSession
from memsvc.tiers.consolidation import consolidate
from memsvc.tiers.scheduler import QueueScheduler, job_id_for
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


@pytest.mark.redis
def test_deleting_a_user_leaves_nothing_in_any_store(
    queue_runtime: Runtime, redis_url: str
) -> None:
    built = queue_runtime
    connection = redis.Redis.from_url(redis_url)
    assert isinstance(built.scheduler, QueueScheduler)
    try:
        with TestClient(create_app(runtime=built)) as client:
            seed(client, user_id="u1")
            seed(client, user_id="u2")
            client.post("/v1/users/u1/scratchpad", json={"text": "Prefers short answers."})
            consolidate(built, "u1-s2")  # facts and an episode in SQL and the index
            assert client.post("/v1/sessions/u1-s1/close").status_code == 202  # a queued job
            job_id = job_id_for("u1-s1")
            assert Job.exists(job_id, connection=connection)
            assert connection.exists(built.working.key("u1-s1"))
            points_before = len(built.index.ids(user_id="u1"))
            assert points_before > 6  # turns plus distilled memories
            assert client.delete("/v1/users/u1").status_code == 204

        with built.sessions() as db:
            for model in (ChatSession, Turn, Memory):
                left = db.scalar(select(func.count()).where(model.user_id == "u1"))
                assert left == 0, model.__name__
            assert db.get(User, "u1") is None
        assert built.index.ids(user_id="u1") == set()
        assert [k for k in connection.scan_iter("*u1-s*")] == []
        assert not Job.exists(job_id, connection=connection)
        assert job_id not in built.scheduler.queue.job_ids
        # The other user keeps everything.
        assert built.index.count(user_id="u2") == 6
        assert connection.exists(built.working.key("u2-s1"))
    finally:
        connection.close()


@pytest.mark.parametrize("bad_id", [".", "..", "...", "a/b", "a\x01b", "%2E%2E"])
def test_ids_that_are_not_one_path_segment_are_refused(client: TestClient, bad_id: str) -> None:
    """A note, session or user id of dots would collapse under URL normalisation
    (DELETE …/scratchpad/.. is DELETE /v1/users/victim to httpx and curl): refused at creation,
    and a DELETE that still reaches a note route with one deletes nothing."""
    seed(client)
    before = client.get("/v1/users/u1").json()
    note = client.post("/v1/users/u1/scratchpad", json={"text": "x", "id": bad_id})
    assert note.status_code == 422, note.text
    session = client.post("/v1/sessions", json={"user_id": bad_id, "id": "fresh"})
    assert session.status_code == 422, session.text
    encoded = "".join(f"%{b:02X}" for b in bad_id.encode())  # stays one segment on the wire
    assert client.delete(f"/v1/users/u1/scratchpad/{encoded}").status_code in (404, 422)
    assert client.delete(f"/v1/users/u1/sessions/{encoded}").status_code in (404, 405, 422)
    assert client.get("/v1/users/u1").json() == before
