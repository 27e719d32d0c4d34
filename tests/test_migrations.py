"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from memsvc.storage.database import alembic_config, compare_type, migrate
from memsvc.storage.models import Base


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh' / 'memsvc.sqlite3'}"
    postgres: str = request.getfixturevalue("postgres_url")
    return postgres


def test_upgrade_matches_the_models(url: str) -> None:
    migrate(url)
    migrate(url)  # a second run is a no-op
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": compare_type})
        diff = compare_metadata(context, Base.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
    assert {"users", "sessions", "turns", "memories", "alembic_version"} <= tables


def test_downgrade_to_base_and_back(url: str) -> None:
    migrate(url)
    command.downgrade(alembic_config(url), "base")
    engine = create_engine(url)
    with engine.connect() as connection:
        assert "turns" not in inspect(connection).get_table_names()
    engine.dispose()
    migrate(url)
