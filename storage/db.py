"""Database URL resolution, engines and migrations.

``--db`` beats ``CALLQA_DB_URL`` beats the default SQLite file ``./callqa.db``. PostgreSQL URLs
(``postgresql://…``) use the psycopg 3 driver.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from common.errors import ConfigError

DEFAULT_URL = "sqlite:///callqa.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(url: str = DEFAULT_URL) -> str:
    """Check a database URL and pick the driver (psycopg 3 for PostgreSQL). ``callqa.config`` decides which
    URL (``--db``, ``CALLQA_DB_URL``, the default)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError("--db / CALLQA_DB_URL", "not a database URL",
                          "use sqlite:///path.db or postgresql://user:pw@host/db") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("sqlite", "postgresql")):
        raise ConfigError("--db / CALLQA_DB_URL", f"unsupported database {parsed.drivername!r}",
                          "use SQLite or PostgreSQL")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str) -> None:
    """Bring the schema to the newest revision (idempotent, and safe when several processes start on one fresh
    database at once: they take turns, and the later ones find the schema already at head). PostgreSQL takes
    an advisory lock inside the migration transaction (``migrations/env.py``); an SQLite file is guarded by a
    lock file beside it, since SQLite runs DDL outside the transaction alembic opens."""
    with _sqlite_migration_lock(url):
        command.upgrade(alembic_config(url), "head")


MIGRATION_LOCK_KEY = 0x63616C6C7161  # "callqa": the PostgreSQL advisory-lock key of a migration


@contextmanager
def _sqlite_migration_lock(url: str) -> Iterator[None]:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        yield
        return
    lock_path = Path(f"{parsed.database}.migrate-lock")
    try:
        handle = lock_path.open("a")
    except OSError:  # no such folder or no permission: SQLite itself reports that, as for any other command
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_migrated(url: str) -> bool:
    return inspect(get_engine(url)).has_table("alembic_version")


def safe_url(url: str) -> str:
    """The URL as it may appear in messages and logs: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def open_existing(url: str) -> None:
    """For commands that only read: the database must exist and hold callqa's schema (brought to the newest
    revision). Never creates one: a mistyped ``--db`` must not leave an empty database behind."""
    parsed = make_url(url)
    on_disk = parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:")
    if on_disk and not Path(str(parsed.database)).is_file():
        raise ConfigError(safe_url(url), "no database at this path",
                          "pass the right --db / CALLQA_DB_URL, or create one with `callqa db upgrade`")
    if not is_migrated(url):
        raise ConfigError(safe_url(url), "the database holds no callqa schema",
                          "create it with `callqa db upgrade --db URL`")
    migrate(url)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """One transaction: commit on success, roll back on error."""
    factory = sessionmaker(get_engine(url), expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
