"""Shared fixtures: databases (SQLite always, PostgreSQL when CALLQA_TEST_PG_URL is set), Prefect harness."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from common.keys import KeyedHasher
from storage.db import migrate, resolve_url

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent

# A fresh Prefect home per test session: no stray ~/.prefect, and no transcription cache left by earlier runs.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="callqa-prefect-")
os.environ.pop("PREFECT_API_URL", None)
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
os.environ["CALLQA_MEDIA_DIR"] = tempfile.mkdtemp(prefix="callqa-media-")  # redacted recordings of test runs
os.environ.pop("CALLQA_RETENTION_DAYS", None)
for _scratch in (os.environ["PREFECT_HOME"], os.environ["CALLQA_MEDIA_DIR"]):
    atexit.register(shutil.rmtree, _scratch, True)  # the session's scratch folders go with it


@pytest.fixture(autouse=True)
def audit_anchor_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test anchors its audit chain in a file of its own (one anchor file per database, as deployed)."""
    path = tmp_path / "audit-anchor.jsonl"
    monkeypatch.setenv("CALLQA_AUDIT_ANCHOR", str(path))
    return path


def _pg_url() -> str | None:
    url = os.environ.get("CALLQA_TEST_PG_URL")
    if not url and os.environ.get("CALLQA_REQUIRE_PG") == "1":
        pytest.fail("CALLQA_REQUIRE_PG=1 but CALLQA_TEST_PG_URL is not set")
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = resolve_url(f"sqlite:///{tmp_path / 'callqa.db'}")
    migrate(url)
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL server, migrated to head, dropped afterwards."""
    with pg_schema() as url:
        migrate(url)
        yield url


@contextmanager
def pg_schema(prefix: str = "t") -> Iterator[str]:
    """The URL of a new, empty schema in the test PostgreSQL server (skips when none is configured)."""
    base = _pg_url()
    if not base:
        pytest.skip("PostgreSQL not configured (set CALLQA_TEST_PG_URL; .ci/run does)")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(resolve_url(base))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield resolve_url(f"{base}{sep}options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Runs the test against SQLite and against a real PostgreSQL server."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def hasher() -> KeyedHasher:
    return KeyedHasher(b"test-key-0123456789abcdef0123456")


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for all flow tests (a server per test costs ~12 s)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120), \
            temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
