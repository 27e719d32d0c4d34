"""A daemon thread that runs a task every few seconds until stopped (sweeps, compaction)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs `task` every `every` seconds (first at start when `at_start`); a failing run is
    logged and the next one comes on time, since the stores it needs may be briefly away."""

    def __init__(
        self,
        name: str,
        task: Callable[[], object],
        *,
        every: float,
        at_start: bool = False,
        join_seconds: float = 5.0,
    ) -> None:
        self._task = task
        self._every = every
        self._at_start = at_start
        self._join_seconds = join_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        """Begin the runs."""
        self._thread.start()

    def _loop(self) -> None:
        if self._at_start:
            self._run()
        while not self._stop.wait(self._every):
            self._run()

    def _run(self) -> None:
        try:
            self._task()
        except Exception:
            log.exception("%s failed; trying again in %.0f s", self._thread.name, self._every)

    def stop(self) -> None:
        """Stop after the run under way (waiting at most join_seconds for it)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self._join_seconds)
