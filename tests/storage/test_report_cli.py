"""callqa report over the hand-computed set: JSON rows, CSV neutralised, rebuild, date errors."""

from __future__ import annotations

import json

import pytest

from callqa.cli import main
from callqa.commands.report import neutral
from tests.storage.test_aggregates import _load


def test_report_agents_json(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _load(db_url)
    assert main(["report", "rebuild", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["report", "agents", "--since", "2026-11-21", "--until", "2026-11-21", "--format", "json",
                 "--db", db_url]) == 0
    rows = json.loads(capsys.readouterr().out)
    a1 = next(r for r in rows if r["agent_id"] == "A1")
    assert (a1["calls"], a1["avg_score"], a1["min_score"], a1["pass_rate"], a1["flagged"], a1["queued"],
            a1["hits"]) == (2, 70.0, 50.0, 0.5, 1, 1, 2)
    assert main(["report", "trend", "--since", "2026-11-21", "--until", "2026-11-22", "--format", "csv",
                 "--db", db_url]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("2026-11-21,4,3,1,3,")


def test_since_after_until_is_an_error(db_url: str) -> None:
    assert main(["report", "overview", "--since", "2026-11-22", "--until", "2026-11-21", "--db", db_url]) == 2


def test_formula_cells_are_neutralised() -> None:
    assert [neutral(v) for v in ("=1+1", "+x", "-2", "@a", "\tx", "\rx", "ok", 3)] == [
        "'=1+1", "'+x", "'-2", "'@a", "'\tx", "'\rx", "ok", 3]
