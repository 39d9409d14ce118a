"""Several processes that start on one fresh database at once (parallel night workers, `callqa serve` beside
`callqa run`) all bring it to head: they take turns instead of creating the same tables twice."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage.db import resolve_url
from tests.conftest import REPO, _pg_url

PROCESSES = 4
_SCRIPT = "import sys; from storage.db import migrate; migrate(sys.argv[1])"


def _migrate_at_once(url: str) -> list[tuple[int, str]]:
    procs = [subprocess.Popen([sys.executable, "-c", _SCRIPT, url], cwd=REPO, stderr=subprocess.PIPE)
             for _ in range(PROCESSES)]
    return [(p.wait(timeout=300), p.stderr.read().decode("utf-8", "replace") if p.stderr else "") for p in procs]


def _head_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
    engine.dispose()
    return int(count)


@pytest.fixture
def fresh_pg_schema() -> Iterator[str]:
    base = _pg_url()
    if not base:
        pytest.skip("PostgreSQL not configured (set CALLQA_TEST_PG_URL; .ci/run does)")
    schema = f"m_{uuid.uuid4().hex[:10]}"
    admin = create_engine(resolve_url(base))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    yield resolve_url(f"{base}{sep}options=-csearch_path%3D{schema}")
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_parallel_first_migrations_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    results = _migrate_at_once(url)
    assert [rc for rc, _ in results] == [0] * PROCESSES, [err[-600:] for _, err in results]
    assert _head_count(url) == 1


def test_parallel_first_migrations_on_postgres(fresh_pg_schema: str) -> None:
    results = _migrate_at_once(fresh_pg_schema)
    assert [rc for rc, _ in results] == [0] * PROCESSES, [err[-600:] for _, err in results]
    assert _head_count(fresh_pg_schema) == 1
