"""The Alembic migrations produce exactly the schema the SQLAlchemy models declare (no drift)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.db import get_engine
from storage.schema import metadata


def test_migrations_match_models(db_url: str) -> None:
    engine = get_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata())
    # server defaults are not compared by default; types and columns, tables and indexes are
    assert diff == [], diff
