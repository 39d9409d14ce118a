"""callqa report over the hand-computed set: JSON rows, CSV neutralised, rebuild, date errors."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_agents_import_and_teams_report(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _load(db_url)
    csv_file = tmp_path / "agents.csv"
    csv_file.write_text("agent_id,name,team,supervisor\nA1,坐席一,一组,王主管\nA2,坐席二,二组,王主管\n",
                        encoding="utf-8")
    assert main(["agents", "import", str(csv_file), "--db", db_url]) == 0
    main(["report", "rebuild", "--db", db_url])
    capsys.readouterr()
    main(["report", "teams", "--since", "2026-11-21", "--until", "2026-11-22", "--format", "json", "--db", db_url])
    teams = {r["team"]: (r["calls"], r["avg_score"], r["hits"]) for r in json.loads(capsys.readouterr().out)}
    assert teams == {"一组": (2, 70.0, 2), "二组": (2, 40.0, 2)}
    main(["report", "agents", "--since", "2026-11-21", "--until", "2026-11-21", "--format", "json", "--db", db_url])
    assert {r["agent_id"]: r["team"] for r in json.loads(capsys.readouterr().out)} == {"A1": "一组", "A2": "二组"}


def test_agents_import_error_names_file_and_line(db_url: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = tmp_path / "agents.csv"
    csv_file.write_text("agent_id,name,team,supervisor\nA1,坐席一,一组,王主管\nA2,坐席二,,王主管\n", encoding="utf-8")
    assert main(["agents", "import", str(csv_file), "--db", db_url]) == 2
    assert f"{csv_file}:3" in capsys.readouterr().err


def test_xlsx_has_the_same_rows(db_url: str, tmp_path: Path) -> None:
    import zipfile

    _load(db_url)
    main(["report", "rebuild", "--db", db_url])
    out = tmp_path / "agents.xlsx"
    assert main(["report", "agents", "--since", "2026-11-21", "--until", "2026-11-21", "--format", "xlsx",
                 "--out", str(out), "--db", db_url]) == 0
    with zipfile.ZipFile(out) as z:
        shared = z.read("xl/sharedStrings.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "agent_id" in shared and "A1" in shared and "<f>" not in sheet
