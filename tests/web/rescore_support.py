"""Stored calls scored with rubric V1 and V2 published (the set-up of tests/pipeline/test_rescore.py), for the
re-score diff page tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scoring import load_rubric
from storage import rubric_versions
from storage.db import session_scope
from tests.pipeline.test_rescore import V1, V2, _store
from tests.web.seed import seed_users


def publish(db_url: str, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    rubric = load_rubric(path)
    with session_scope(db_url) as s:
        rubric_versions.record(s, rubric_id=rubric.id, version=rubric.version, content_hash=rubric.hash,
                               path=str(path), content=text, actor="test", publish=True, now=datetime.now(UTC))


def calls_with_v2_published(db_url: str, folder: Path) -> None:
    """Users, five calls scored with V1 (one resolved, one outside 2026-11-21), V2 published."""
    with session_scope(db_url) as s:
        seed_users(s)
    path = folder / "small.yaml"
    path.write_text(V1, encoding="utf-8")
    _store(db_url, path)
    publish(db_url, path, V2)
