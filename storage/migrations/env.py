"""Alembic environment: runs against the URL set by ``storage.db.alembic_config``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool, text

from storage.db import MIGRATION_LOCK_KEY, get_engine
from storage.schema import metadata

config = context.config
target_metadata = metadata()


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = get_engine(url) if url else None
    assert engine is not None
    _ = pool  # NullPool is not needed: the cached engine is reused by the application
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":  # concurrent first runs take turns (storage.db.migrate)
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
