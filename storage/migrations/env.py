"""Alembic environment: runs against the URL set by ``storage.db.alembic_config``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from storage import agent_ops as _agent  # noqa: F401  (coaching and appeal-request tables share Base.metadata)
from storage import alert_outbox as _alerts  # noqa: F401  (outbox table shares Base.metadata)
from storage import calibration as _calibration  # noqa: F401  (calibration table shares Base.metadata)
from storage import report_models as _report_models  # noqa: F401  (report tables share Base.metadata)
from storage import review as _review  # noqa: F401  (review tables share Base.metadata)
from storage import rubric_versions as _versions  # noqa: F401  (versions table shares Base.metadata)
from storage.db import get_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


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
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
