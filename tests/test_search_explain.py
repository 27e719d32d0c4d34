"""`explain` on POST /v1/search: each hit's score breakdown adds up to its score, and asking
for it changes nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.helpers import seed

QUERIES = (
    "When did Caroline go to the support group?",
    "what is the name of the new dog?",
    "Where does Caroline live now?",
)
TOLERANCE = 1e-4  # every entry is rounded to 6 places


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the breakdown is computed above the database."""
    return f"sqlite:///{tmp_path / 'memsvc.sqlite3'}"


def search(client: TestClient, **body: object) -> list[dict[str, object]]:
    response = client.post("/v1/search", json={"user_id": "u1", "k": 8, **body})
    assert response.status_code == 200, response.text
    hits: list[dict[str, object]] = response.json()["hits"]
    return hits


@pytest.mark.parametrize("mode", ["hybrid", "dense", "sparse"])
def test_breakdown_sums_to_the_score(client: TestClient, mode: str) -> None:
    seed(client)
    for query in QUERIES:
        hits = search(client, query=query, mode=mode, explain=True)
        assert hits
        for hit in hits:
            parts = hit["explain"]
            assert isinstance(parts, dict) and parts, hit
            steps = sum(v for k, v in parts.items() if k != "fused")
            assert steps == pytest.approx(hit["score"], abs=TOLERANCE), parts
            legs = sum(parts.get(k, 0.0) for k in ("dense", "sparse", "names"))
            assert parts["fused"] == pytest.approx(legs, abs=TOLERANCE)
            if mode != "hybrid":  # the other leg contributes nothing
                other = "sparse" if mode == "dense" else "dense"
                assert other not in parts


def test_explain_is_off_by_default_and_changes_no_ranking(client: TestClient) -> None:
    seed(client)
    for query in QUERIES:
        plain = search(client, query=query)
        explained = search(client, query=query, explain=True)
        assert all(hit["explain"] is None for hit in plain)
        assert [(h["id"], h["score"]) for h in plain] == [(h["id"], h["score"]) for h in explained]


def test_breakdown_names_the_boosts_it_applied(client: TestClient) -> None:
    seed(client)
    hits = search(client, query="When did Caroline go to the support group?", explain=True)
    names = {name for hit in hits for name in hit["explain"]}  # type: ignore[union-attr]
    assert {"dense", "sparse", "fused"} <= names
    assert names & {"speaker", "people", "when", "session_prior", "neighbour"}
    off = {"entities": False, "when": False, "sessions": False, "neighbours": False}
    bare = search(
        client, query="When did Caroline go to the support group?", explain=True, features=off
    )
    bare_names = {name for hit in bare for name in hit["explain"]}  # type: ignore[union-attr]
    assert not bare_names & {"speaker", "people", "when", "session_prior", "neighbour"}
