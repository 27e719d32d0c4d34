"""Liveness and readiness."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from memsvc.app import create_app
from memsvc.config import Settings
from tests.helpers import seed


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    seed(client)
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["index_points"] == 6


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/v1/sessions", "/v1/sessions/{session_id}/turns", "/v1/search", "/v1/context"):
        assert path in schema["paths"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            summary = operation.get("summary", "")
            assert summary and "\n" not in summary and operation.get("description"), (path, method)
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:  # every JSON body comes with an example
                ref = body["schema"]["$ref"].rsplit("/", 1)[-1]
                assert schema["components"]["schemas"][ref].get("examples"), (path, method)
    assert "/metrics" not in schema["paths"]


def test_unknown_routes_and_methods_answer_with_the_error_body(client: TestClient) -> None:
    for method, path, status in (("GET", "/v1/nowhere", 404), ("PATCH", "/v1/search", 405)):
        response = client.request(method, path)
        assert response.status_code == status
        error = response.json()["error"]
        assert error["request_id"] == response.headers["x-request-id"] and error["message"]


def test_every_route_but_liveness_answers_starting_until_the_runtime_is_built(
    tmp_path: Path,
) -> None:
    # Without `with`, the lifespan never runs: the app is as it is while its runtime builds.
    app = create_app(Settings(data_dir=tmp_path / "data"))
    client = TestClient(app)
    assert client.get("/healthz").json() == {"status": "ok"}
    operations = [
        (method.upper(), path.replace("{", "").replace("}", ""))
        for path, methods in app.openapi()["paths"].items()
        for method in methods
        if path != "/healthz"
    ]
    for method, path in [*operations, ("GET", "/metrics")]:
        response = client.request(method, path, json={} if method != "GET" else None)
        assert response.status_code == 503, (method, path, response.text)
        error = response.json()["error"]
        assert error["code"] == "starting" and error["request_id"], (method, path)
        assert response.headers["retry-after"] == "1", (method, path)
    assert not (tmp_path / "data").exists()  # nothing was built


def test_openapi_documents_the_starting_503(client: TestClient) -> None:
    for path, methods in client.get("/openapi.json").json()["paths"].items():
        for method, operation in methods.items():
            unavailable = operation["responses"].get("503")
            if path == "/healthz":
                assert unavailable is None
                continue
            assert unavailable and "starting" in unavailable["description"], (path, method)
            assert "Retry-After" in unavailable["headers"], (path, method)
