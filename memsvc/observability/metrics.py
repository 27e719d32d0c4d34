"""Prometheus metrics, one registry per runtime (tests build many apps in one process, and
the global default registry refuses a second registration of the same name)."""

from __future__ import annotations

import math
from collections.abc import Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.process_collector import ProcessCollector

# Seconds; the defaults stop at 10 s, and a 1000-turn ingest on CPU can take longer.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    """The service's counters, histograms and gauges, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        # The default registry's process and GC collectors, which a private registry lacks.
        ProcessCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self.request_duration = Histogram(
            "memsvc_request_duration_seconds",
            "HTTP request latency by method, route template and status.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.turns_ingested = Counter(
            "memsvc_turns_ingested",
            "Turns stored (re-posted turn ids are not counted).",
            registry=self.registry,
        )
        self.encoded_texts = Counter(
            "memsvc_encoded_texts",
            "Texts passed through the dense encoder.",
            registry=self.registry,
        )
        self.encode_seconds = Histogram(
            "memsvc_encode_seconds",
            "Duration of one encoder pass (a batch of texts).",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.degraded = Counter(
            "memsvc_degraded",
            "Operations done without a failed dependency (working memory from SQL while Redis "
            "is down, a consolidation left to the sweeper), by dependency and operation.",
            ["dependency", "operation"],
            registry=self.registry,
        )
        self.index_points = Gauge(
            "memsvc_index_points",
            "Points in the vector index, counted at scrape time.",
            registry=self.registry,
        )

    def observe_request(self, *, method: str, route: str, status: int, seconds: float) -> None:
        """One HTTP request served."""
        self.request_duration.labels(method=method, route=route, status=str(status)).observe(
            seconds
        )

    def observe_encode(self, texts: int, seconds: float) -> None:
        """One encoder pass over `texts` texts."""
        self.encoded_texts.inc(texts)
        self.encode_seconds.observe(seconds)

    def observe_degraded(self, *, dependency: str, operation: str) -> None:
        """One operation that fell back because `dependency` failed."""
        self.degraded.labels(dependency=dependency, operation=operation).inc()

    def watch_index(self, count: Callable[[], int]) -> None:
        """Read the index size on each scrape (one exact count; cheap on both engines)."""

        def points() -> float:
            try:
                return float(count())
            except Exception:  # a closed or unreachable index must not break the scrape
                return math.nan

        self.index_points.set_function(points)

    def render(self) -> bytes:
        """The registry in the Prometheus text exposition format."""
        return generate_latest(self.registry)
