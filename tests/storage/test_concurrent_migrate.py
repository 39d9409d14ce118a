"""Several processes that start on one fresh database at once (parallel night workers, `callqa serve` beside
`callqa run`) all bring it to head: they take turns instead of creating the same tables twice."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import REPO, pg_schema

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
    with pg_schema("m") as url:
        yield url


def test_parallel_first_migrations_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    results = _migrate_at_once(url)
    assert [rc for rc, _ in results] == [0] * PROCESSES, [err[-600:] for _, err in results]
    assert _head_count(url) == 1


def test_parallel_first_migrations_on_postgres(fresh_pg_schema: str) -> None:
    results = _migrate_at_once(fresh_pg_schema)
    assert [rc for rc, _ in results] == [0] * PROCESSES, [err[-600:] for _, err in results]
    assert _head_count(fresh_pg_schema) == 1
