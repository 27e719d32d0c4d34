"""`memsvc serve` listens before its models are loaded: liveness at once, "starting" 503s with
Retry-After until the runtime is built, and a runtime that cannot be built stops the server."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import httpx
import pytest

from tests.live import BIN, free_port, live_server, log_tail, service_env

EXIT_SECONDS = 90  # an anti-hang bound on a failing start, not a target
POLL_SECONDS = 0.05


def assert_starting_or_ok(response: httpx.Response, *, ready: tuple[int, ...] = (200,)) -> None:
    """A ready server's answer, or the documented 503 "starting" body with Retry-After."""
    where = f"{response.request.method} {response.request.url.path}"
    if response.status_code in ready:
        return
    assert response.status_code == 503, (where, response.status_code, response.text)
    error = response.json()["error"]
    assert error["code"] == "starting" and error["message"].startswith("starting:"), where
    assert error["request_id"] == response.headers["x-request-id"], where
    assert response.headers["retry-after"] == "1", where


def test_liveness_at_once_and_starting_until_ready(tmp_path: Path) -> None:
    # live_server returns as soon as /healthz is 200: the first liveness answer comes no later
    # than the first readiness one. From then on nothing may fail or drop a connection.
    with (
        live_server(tmp_path, until="/healthz") as served,
        httpx.Client(base_url=served.base, timeout=30) as http,
    ):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert http.get("/healthz").json() == {"status": "ok"}
            assert_starting_or_ok(http.get("/v1/users"))
            search = {"user_id": "nobody", "query": "support group", "k": 1}
            # Once ready, searching an unknown user is a 404 that says so.
            assert_starting_or_ok(http.post("/v1/search", json=search), ready=(200, 404))
            ready = http.get("/readyz")
            assert_starting_or_ok(ready)
            if ready.status_code == 200:
                break
            time.sleep(POLL_SECONDS)
        assert ready.json()["status"] == "ready", ready.text
        created = http.post("/v1/sessions", json={"user_id": "u", "id": "s1"})
        assert created.status_code == 201, created.text
        assert http.get("/metrics").status_code == 200
    assert_json_lines(served.log)


def assert_json_lines(log: Path) -> None:
    """Every line of the server's log is a JSON object (no progress bars in between)."""
    lines = log.read_text().splitlines()
    for line in lines:
        assert isinstance(json.loads(line), dict), line
    assert any("runtime built" in line for line in lines)


def serve_until_exit(
    tmp_path: Path, settings: Mapping[str, str]
) -> tuple[subprocess.CompletedProcess[bytes], list[int], str]:
    """Run `memsvc serve` until it exits on its own (bounded), polling /healthz meanwhile:
    the process, the /healthz statuses seen and its log."""
    env = {**service_env(tmp_path), **settings}
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [BIN, "serve", "--port", str(port)], env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    seen: list[int] = []
    deadline = time.monotonic() + EXIT_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            seen.append(httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code)
        time.sleep(POLL_SECONDS)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=30)
        pytest.fail(f"memsvc serve still ran after {EXIT_SECONDS} s:\n{log_tail(log)}")
    done = subprocess.CompletedProcess(process.args, process.returncode)
    return done, seen, log.read_text(errors="replace")


def test_a_refused_configuration_exits_non_zero_before_listening(tmp_path: Path) -> None:
    done, seen, log = serve_until_exit(
        tmp_path,
        {"MEMSVC_CONSOLIDATION": "queue", "MEMSVC_REDIS_URL": "redis://127.0.0.1:6379/15"},
    )
    assert done.returncode != 0, log
    assert "MEMSVC_CONSOLIDATION=queue needs MEMSVC_QDRANT_URL" in log
    assert seen == [], "it never listened"


def test_a_runtime_that_cannot_be_built_stops_the_server(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    done, seen, log = serve_until_exit(tmp_path, {"MEMSVC_ENCODER_MODEL": str(missing)})
    assert done.returncode != 0, log
    assert "memsvc cannot start" in log and str(missing) in log, log_tail(tmp_path / "serve.log")
    # It listened first (the model loads seconds after), answered liveness, then stopped.
    assert 200 in seen and set(seen) == {200}, seen


def test_a_stop_while_loading_waits_for_the_build_and_closes_it(tmp_path: Path) -> None:
    with live_server(tmp_path, until="/healthz") as served:
        assert httpx.get(f"{served.base}/readyz", timeout=30).status_code == 503
        served.process.terminate()
        served.process.wait(timeout=EXIT_SECONDS)
    lines = served.log.read_text().splitlines()
    built = next(i for i, line in enumerate(lines) if "runtime built" in line)
    closed = next(i for i, line in enumerate(lines) if "Application shutdown complete" in line)
    assert built < closed, log_tail(served.log)
    assert_json_lines(served.log)  # also: no child process or semaphore left to warn about
