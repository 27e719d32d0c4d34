"""Metrics at /metrics and JSON logs stamped with the request id, on the real stack."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from memsvc.app import create_app
from memsvc.observability import JsonFormatter, TextFormatter, configure_logging
from memsvc.runtime import Runtime
from tests.helpers import DIALOGUE, LATER, seed, turns_body

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient) -> Samples:
    """Every sample /metrics exposes, keyed by name and labels."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value (0 when the series does not exist yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def json_lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The memsvc.* log records, as the JSON lines the service would write."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("memsvc")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def probe_client(runtime: Runtime) -> Iterator[TestClient]:
    """The app plus two probe routes: one that logs, one that fails unexpectedly."""
    app = create_app(runtime=runtime)
    probe_log = logging.getLogger("memsvc.probe")

    @app.get("/probe/{item}")
    def probe(item: str) -> dict[str, str]:
        # A sync route runs in the threadpool: the request id must cross into that thread.
        probe_log.info("probing %s", item, extra={"item": item})
        return {"item": item}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_request_latency_is_labelled_by_route_template(client: TestClient) -> None:
    seed(client)
    assert client.get("/v1/sessions/u1-s1").status_code == 200
    assert client.get("/v1/sessions/nope").status_code == 404
    assert client.get("/no/such/path").status_code == 404
    samples = scrape(client)
    count = "memsvc_request_duration_seconds_count"
    route = "/v1/sessions/{session_id}"
    assert value(samples, count, method="GET", route=route, status="200") == 1
    assert value(samples, count, method="GET", route=route, status="404") == 1
    turns = "/v1/sessions/{session_id}/turns"
    assert value(samples, count, method="POST", route=turns, status="201") == 2
    assert value(samples, count, method="GET", route="unmatched", status="404") == 1
    routes = {dict(labels).get("route") for name, labels in samples if name == count}
    assert not any("u1-s1" in str(r) or "nope" in str(r) for r in routes)  # never raw paths
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_ingest_counts_stored_turns_not_reposts(client: TestClient) -> None:
    name = "memsvc_turns_ingested_total"
    assert value(scrape(client), name) == 0
    seed(client)
    stored = len(DIALOGUE) + len(LATER)
    assert value(scrape(client), name) == stored
    again = client.post("/v1/sessions/u1-s1/turns", json=turns_body(DIALOGUE, prefix="u1-s1"))
    assert again.json()["created"] == 0
    assert value(scrape(client), name) == stored
    body = turns_body(DIALOGUE[:1], prefix="u1-s1")
    body["turns"].append({"speaker": "Melanie", "text": "One more thing.", "turn_id": "x-1"})
    client.post("/v1/sessions/u1-s1/turns", json=body)
    assert value(scrape(client), name) == stored + 1


def test_encoder_throughput_and_index_points(client: TestClient, runtime: Runtime) -> None:
    before = scrape(client)
    seed(client)
    after_seed = scrape(client)
    texts = value(after_seed, "memsvc_encoded_texts_total")
    assert texts - value(before, "memsvc_encoded_texts_total") >= len(DIALOGUE) + len(LATER)
    passes = value(after_seed, "memsvc_encode_seconds_count")
    assert passes > value(before, "memsvc_encode_seconds_count")
    assert value(after_seed, "memsvc_encode_seconds_sum") > 0
    assert value(after_seed, "memsvc_index_points") == runtime.index.count() == 6
    search = client.post("/v1/search", json={"user_id": "u1", "query": "adopted a puppy"})
    assert search.status_code == 200, search.text
    assert value(scrape(client), "memsvc_encoded_texts_total") > texts  # the query


def test_log_lines_inside_a_request_carry_its_id(
    probe_client: TestClient, json_lines: Callable[[], list[dict[str, Any]]]
) -> None:
    response = probe_client.get("/probe/abc", headers={"X-Request-ID": "req-123"})
    generated = probe_client.get("/probe/def").headers["X-Request-ID"]
    assert response.headers["X-Request-ID"] == "req-123"
    lines = json_lines()
    probes = [line for line in lines if line["logger"] == "memsvc.probe"]
    assert [(p["message"], p["request_id"], p["item"]) for p in probes] == [
        ("probing abc", "req-123", "abc"),
        ("probing def", generated, "def"),
    ]
    assert datetime.fromisoformat(probes[0]["ts"]).utcoffset() is not None
    assert probes[0]["level"] == "INFO"
    access = [line for line in lines if line["logger"] == "memsvc.access"]
    assert [(a["request_id"], a["route"], a["status"], a["method"]) for a in access] == [
        ("req-123", "/probe/{item}", 200, "GET"),
        (generated, "/probe/{item}", 200, "GET"),
    ]
    assert all(a["duration_ms"] >= 0 for a in access)


def test_error_bodies_carry_the_header_request_id(
    probe_client: TestClient, json_lines: Callable[[], list[dict[str, Any]]]
) -> None:
    given = probe_client.get("/v1/sessions/nope", headers={"X-Request-ID": "given-1"})
    assert given.status_code == 404
    assert given.json()["error"]["request_id"] == given.headers["X-Request-ID"] == "given-1"
    invalid = probe_client.post("/v1/sessions", json={"user_id": 5, "started_at": "soon"})
    assert invalid.status_code == 422
    assert invalid.json()["error"]["request_id"] == invalid.headers["X-Request-ID"]
    crash = probe_client.get("/boom", headers={"X-Request-ID": "crash-1"})
    assert crash.status_code == 500
    assert crash.json()["error"]["request_id"] == crash.headers["X-Request-ID"] == "crash-1"
    lines = json_lines()
    [unhandled] = [line for line in lines if line["message"] == "unhandled error"]
    assert unhandled["request_id"] == "crash-1" and "RuntimeError: boom" in unhandled["exception"]
    statuses = {(a["request_id"], a["route"], a["status"]) for a in lines if "status" in a}
    assert {("given-1", "/v1/sessions/{session_id}", 404), ("crash-1", "/boom", 500)} <= statuses


def test_configure_logging_routes_everything_through_one_formatter() -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    uvicorn_loggers = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved_uvicorn = [(lg.handlers[:], lg.propagate, lg.disabled) for lg in uvicorn_loggers]
    try:
        configure_logging("debug", json=True)
        assert [type(h.formatter) for h in root.handlers] == [JsonFormatter]
        assert root.level == logging.DEBUG
        assert logging.getLogger("uvicorn.error").propagate
        assert logging.getLogger("uvicorn.access").disabled  # memsvc.access replaces it
        configure_logging("INFO", json=False)
        assert [type(h.formatter) for h in root.handlers] == [TextFormatter]
    finally:
        root.handlers[:], root.level = saved
        for lg, (handlers, propagate, disabled) in zip(uvicorn_loggers, saved_uvicorn, strict=True):
            lg.handlers[:], lg.propagate, lg.disabled = handlers, propagate, disabled
