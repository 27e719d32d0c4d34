"""A bounded schemathesis run against the OpenAPI schema: generated requests (valid and
invalid) never get a 5xx, every status and header that comes back is one the schema documents
for that operation, and every response matches its schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from memsvc.app import create_app
from memsvc.runtime import Runtime

EXAMPLES_PER_OPERATION = 30
# Named, not schemathesis's defaults, so a new release cannot quietly loosen the run. Left
# out: positive_data_acceptance ("schema-valid requests are accepted"), which cannot hold for
# input JSON Schema cannot describe: opaque cursors (any string is schema-valid, a made-up one
# gets a clear 422), rules across fields (a search window whose start is after its end) and
# timestamps outside the years the server computes with (format date-time has no bounds).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the run is about the API contract, not the database."""
    return f"sqlite:///{tmp_path / 'memsvc.sqlite3'}"


@pytest.fixture
def api_schema(runtime: Runtime) -> Iterator[schemathesis.BaseSchema]:
    app = create_app(runtime=runtime)
    with TestClient(app):  # runs the app's startup
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def cases(operation: schemathesis.APIOperation) -> st.SearchStrategy[schemathesis.Case]:
    """Valid and invalid requests; an operation with no input has only valid ones."""
    valid = operation.as_strategy(GenerationMode.POSITIVE)
    has_input = operation.body or any(True for _ in operation.iter_parameters())
    return valid | operation.as_strategy(GenerationMode.NEGATIVE) if has_input else valid


def test_api_matches_its_schema(api_schema: schemathesis.BaseSchema) -> None:
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=cases(operation))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except BaseException as error:
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
