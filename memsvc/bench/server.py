"""A `memsvc serve` subprocess the way the README starts it, for benchmarks through REST."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

START_BOUND_SECONDS = 300  # an anti-hang bound, not a target
POLL_SECONDS = 0.05


def memsvc_command() -> list[str]:
    """The installed `memsvc` console script beside this interpreter, else `python -m`."""
    script = Path(sys.executable).parent / "memsvc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "memsvc.cli"]


def free_port() -> int:
    """A loopback TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class StartTimes:
    """Seconds from launching the process until /healthz and /readyz first answered 200."""

    healthz: float
    readyz: float


@dataclass
class Server:
    """`memsvc serve` on a loopback port with default settings, its data in data_dir.

    The environment passes through (so MEMSVC_TORCH_THREADS and friends can be compared);
    only the data dir, port and log format are set here.
    """

    data_dir: Path
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StartTimes:
        """Launch and wait for readiness; the times are what a restart costs."""
        env = {**os.environ, "MEMSVC_DATA_DIR": str(self.data_dir), "MEMSVC_LOG_FORMAT": "json"}
        for name in ("MEMSVC_DATABASE_URL", "MEMSVC_QDRANT_URL", "MEMSVC_REDIS_URL"):
            env.pop(name, None)
        started = time.perf_counter()
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(
                [*memsvc_command(), "serve", "--port", str(self.port)],
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        return self._wait_ready(started)

    def stop(self) -> None:
        """SIGTERM, as a supervisor would, and wait for a clean exit."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def rss_mb(self) -> float:
        """Resident memory of the serving process and its children (the anchoring process)
        in MB."""
        assert self.process is not None
        server = psutil.Process(self.process.pid)
        processes = [server, *server.children(recursive=True)]
        return round(sum(p.memory_info().rss for p in processes) / 2**20, 1)

    def disk_mb(self) -> float:
        """Bytes under the data dir (SQLite, WAL and index), in MB."""
        total = sum(p.stat().st_size for p in self.data_dir.rglob("*") if p.is_file())
        return round(total / 2**20, 1)

    def _wait_ready(self, started: float) -> StartTimes:
        healthz: float | None = None
        with httpx.Client(base_url=self.url, timeout=5) as http:
            while time.perf_counter() - started < START_BOUND_SECONDS:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"memsvc serve exited; see {self.log}")
                try:
                    if healthz is None and http.get("/healthz").status_code == 200:
                        healthz = time.perf_counter() - started
                    if healthz is not None and http.get("/readyz").status_code == 200:
                        readyz = time.perf_counter() - started
                        return StartTimes(round(healthz, 2), round(readyz, 2))
                except httpx.TransportError:
                    pass  # not listening yet
                time.sleep(POLL_SECONDS)
        raise RuntimeError(f"memsvc serve not ready in {START_BOUND_SECONDS} s; see {self.log}")


def clear(path: Path) -> None:
    """Remove a previous run's data dir."""
    shutil.rmtree(path, ignore_errors=True)
