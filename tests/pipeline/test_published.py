"""The night scores with the published rubric version (D130), on SQLite and PostgreSQL: an edited file (a draft)
has no effect until published; a rubric never published scores from its file; a version that no longer
rebuilds to its hash is refused with both hashes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from callqa.pipeline.published import apply_pins, published_pins, published_rubric
from common.errors import ConfigError
from scoring import load_rubrics
from storage import rubric_versions
from storage.db import session_scope

BASE = """\
id: base
version: "1"
scorecard: {服务态度: 100}
policy: {escalation_indicator: F1}
indicators:
  - {id: F1, title: 投诉, severity: red, when: {keyword: {speaker: customer, phrases: [投诉]}}}
"""
CHILD = 'extends: base.yaml\nid: child\nversion: "1"\n'


def _publish(db_url: str, path: Path) -> str:
    rubric = load_rubrics(path).default
    with session_scope(db_url) as s:
        rubric_versions.record(s, rubric_id=rubric.id, version=rubric.version, content_hash=rubric.hash,
                               path=str(path), content=path.read_text(encoding="utf-8"), actor="t", publish=True,
                               now=datetime.now(UTC))
    return rubric.hash


def test_a_draft_edit_does_not_take_effect(db_url: str, tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(BASE, encoding="utf-8")
    (tmp_path / "routing.yaml").write_text("default: base.yaml\nqueues: {信用卡: child.yaml}\n", encoding="utf-8")
    (tmp_path / "child.yaml").write_text(CHILD, encoding="utf-8")
    published = _publish(db_url, base)
    base.write_text(BASE.replace("[投诉]", "[投诉, 曝光]").replace('"1"', '"2"'), encoding="utf-8")  # a draft
    pins = published_pins(db_url)
    assert pins == (("base", published),)
    on_file = load_rubrics(tmp_path / "routing.yaml")
    night = apply_pins(on_file, db_url, pins)
    assert night.default.hash == published != on_file.default.hash
    assert night.for_queue("信用卡") is on_file.for_queue("信用卡")  # never published: the file
    assert apply_pins(on_file, db_url, ()) is on_file


def test_a_published_version_that_no_longer_rebuilds_is_refused(db_url: str, tmp_path: Path) -> None:
    base, child = tmp_path / "base.yaml", tmp_path / "child.yaml"
    base.write_text(BASE, encoding="utf-8")
    child.write_text(CHILD, encoding="utf-8")
    published = _publish(db_url, child)
    base.write_text(BASE.replace("[投诉]", "[曝光]"), encoding="utf-8")  # the base it extends changed
    published_rubric.cache_clear()
    with pytest.raises(ConfigError) as err:
        published_rubric(db_url, published)
    assert "rubric child version 1 no longer rebuilds to its published hash" in err.value.message
    assert f"published {published[:12]}" in err.value.message
