"""The README path: `memsvc migrate`, `memsvc serve` on embedded defaults, the curl example."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live import BIN, live_server, service_env


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`memsvc serve` on loopback, on embedded defaults in a fresh data dir."""
    with live_server(tmp_path) as served:
        yield served.base
    assert (tmp_path / "data" / "memsvc.sqlite3").exists()
    assert (tmp_path / "data" / "index").is_dir()


def test_readme_example_against_a_live_server(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        session = http.post(
            "/v1/sessions",
            json={"user_id": "caroline", "id": "s1", "started_at": "2023-05-08T13:56:00Z"},
        )
        assert session.status_code == 201, session.text
        turns = http.post(
            "/v1/sessions/s1/turns",
            json={
                "turns": [
                    {
                        "speaker": "Caroline",
                        "text": "I went to a LGBTQ support group yesterday.",
                        "timestamp": "2023-05-08T13:56:00Z",
                        "turn_id": "D1:1",
                    },
                    {
                        "speaker": "Melanie",
                        "text": "That's wonderful! I painted a sunrise last year.",
                        "timestamp": "2023-05-08T13:57:00Z",
                        "turn_id": "D1:2",
                    },
                ]
            },
        )
        assert turns.status_code == 201, turns.text
        hits = http.post(
            "/v1/search", json={"user_id": "caroline", "query": "support group", "k": 1}
        )
        assert hits.json()["hits"][0]["turn_id"] == "D1:1"
        context = http.post(
            "/v1/context",
            json={"user_id": "caroline", "query": "support group", "budget_tokens": 200},
        )
        assert "support group" in context.json()["context"]
        assert http.get("/docs").status_code == 200


def keys_command(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN, "keys", *args], env=service_env(tmp_path), capture_output=True, text=True, timeout=120
    )


def test_keys_and_auth_beyond_loopback(tmp_path: Path) -> None:
    created = keys_command(tmp_path, "create", "--tenant", "acme", "--name", "bot")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.split()[-1]
    assert secret.startswith("msk_")
    listed = keys_command(tmp_path, "list").stdout
    assert "acme" in listed and "active" in listed and secret not in listed
    assert keys_command(tmp_path, "create", "--tenant", "Not Valid").returncode == 1

    # Bound beyond loopback, the server requires keys.
    with (
        live_server(tmp_path, host="0.0.0.0") as served,
        httpx.Client(base_url=served.base, timeout=30) as http,
    ):
        refused = http.get("/v1/users")
        assert refused.status_code == 401 and refused.json()["error"]["request_id"]
        headers = {"Authorization": f"Bearer {secret}"}
        assert http.get("/v1/users", headers=headers).status_code == 200
        revoked = keys_command(tmp_path, "revoke", secret[:12])
        assert revoked.returncode == 0, revoked.stderr
        assert http.get("/v1/users", headers=headers).status_code == 401
