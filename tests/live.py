"""A real `memsvc serve` subprocess, logging to a file (an unread pipe would block it)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx
import pytest

from memsvc.bench.server import free_port

BIN = Path(sys.executable).parent / "memsvc"
START_SECONDS = 120  # an anti-hang bound on start-up, not a target
STOP_SECONDS = 60
TAIL_CHARS = 8000


def service_env(tmp_path: Path) -> dict[str, str]:
    """This environment on embedded defaults, with its data dir under tmp_path."""
    env = {**os.environ, "MEMSVC_DATA_DIR": str(tmp_path / "data"), "MEMSVC_TORCH_THREADS": "1"}
    for name in ("MEMSVC_DATABASE_URL", "MEMSVC_QDRANT_URL", "MEMSVC_REQUIRE_API_KEY"):
        env.pop(name, None)
    return env


def log_tail(log: Path) -> str:
    """The last TAIL_CHARS characters of a server log."""
    try:
        return log.read_text(errors="replace")[-TAIL_CHARS:]
    except FileNotFoundError:
        return "(no log)"


@dataclass(frozen=True)
class Server:
    """A running `memsvc serve`: its loopback URL, its process and its log file."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def live_server(
    tmp_path: Path,
    *,
    host: str = "127.0.0.1",
    settings: Mapping[str, str] | None = None,
    migrate: bool = True,
    until: Literal["/readyz", "/healthz", "built"] = "/readyz",
    log: Path | None = None,
) -> Iterator[Server]:
    """Migrate (if asked), serve with MEMSVC_<SETTING>s, yield once `until` is 200 ("built":
    once the runtime is built, ready or not: /readyz answers anything but 503 starting), stop."""
    extra = {f"MEMSVC_{name.upper()}": value for name, value in (settings or {}).items()}
    env = {**service_env(tmp_path), **extra}
    if migrate:
        migrated = subprocess.run(
            [BIN, "migrate"], env=env, capture_output=True, text=True, timeout=120
        )
        assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = log or tmp_path / f"serve-{port}.log"  # appended to: a restart keeps what was said
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [BIN, "serve", "--host", host, "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_for(server, until)
        try:
            yield server
        except BaseException:
            print(f"memsvc serve log tail ({log}):\n{log_tail(log)}")
            raise
    finally:
        _stop(process)


def _wait_for(server: Server, until: str) -> None:
    """Until `until` holds; fail with the log tail if the process exits or time runs out."""
    path = "/readyz" if until == "built" else until
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            code = server.process.returncode
            pytest.fail(f"memsvc serve exited early with {code}:\n{log_tail(server.log)}")
        with contextlib.suppress(httpx.TransportError):
            answer = httpx.get(f"{server.base}{path}", timeout=2)
            if answer.status_code == 200 or (until == "built" and not _starting(answer)):
                return
        time.sleep(0.3)
    pytest.fail(
        f"memsvc serve: {until} did not hold within {START_SECONDS} s:\n{log_tail(server.log)}"
    )


def _starting(answer: httpx.Response) -> bool:
    """A 503 'starting': the server listens but its models are still loading."""
    if answer.status_code != 503:
        return False
    return bool(answer.json().get("error", {}).get("code") == "starting")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process if it still runs; kill it if it will not stop in time."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_SECONDS)
        raise
