"""callqa score and callqa rubric check, end to end through the CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callqa.cli import main
from tests.conftest import REPO

GOOD = {
    "call_id": "C20261121-000123", "channel": "phone",
    "segments": [
        {"speaker": "agent", "start": 0.8, "end": 3.2, "text": "您好，工号1023，很高兴为您服务"},
        {"speaker": "customer", "start": 3.6, "end": 7.9, "text": "我的快递三天了还没到"},
        {"speaker": "agent", "start": 8.2, "end": 10.0, "text": "随便你，爱投诉就投诉"},
    ],
}


def write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_score_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "a.json", GOOD)
    assert main(["score", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 1
    call = out[0]
    assert {"call_id", "score", "fatal", "flagged", "hits"} <= set(call)
    assert call["call_id"] == "C20261121-000123" and call["flagged"] is True
    r14 = next(h for h in call["hits"] if h["indicator"] == "R14")
    assert r14["severity"] == "red" and r14["segments"] == [2] and "随便你" in r14["evidence"]


def test_score_folder_continues_after_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.json", GOOD)
    bad = dict(GOOD, call_id="C2", segments=[{"speaker": "agnt", "start": 0, "end": 1, "text": "x"}])
    write(tmp_path, "b.json", bad)
    (tmp_path / "c.json").write_text("{not json", encoding="utf-8")
    assert main(["score", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert [c["call_id"] for c in json.loads(captured.out)] == ["C20261121-000123"]
    assert f"{tmp_path / 'b.json'}: invalid transcript: segments[0].speaker" in captured.err
    assert f"{tmp_path / 'c.json'}: not valid JSON at line 1" in captured.err
    assert "agnt" not in captured.err  # values are never echoed (they may be personal data)


def test_score_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "a.json", GOOD)
    assert main(["score", str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("C20261121-000123  得分 ") and "R14 坐席使用不文明/负面用语 −10" in out


def test_score_bad_rubric_is_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text("id: x\n", encoding="utf-8")
    assert main(["score", str(write(tmp_path, "a.json", GOOD)), "--rubric", str(rubric)]) == 2
    assert f"callqa: error: {rubric}:1 version: Field required" in capsys.readouterr().err


def test_rubric_check_default_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rubric", "check", str(REPO / "rubrics" / "default.yaml")]) == 0
    out = capsys.readouterr().out
    assert "R25   red" in out and "0 indicator(s) failing" in out


def test_rubric_check_fails_on_wrong_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    broken = tmp_path / "r.yaml"
    shutil.copy(REPO / "rubrics" / "default.yaml", broken)
    shutil.copytree(REPO / "rubrics" / "default.examples", tmp_path / "r.examples")
    r25 = tmp_path / "r.examples" / "R25.yaml"
    text = r25.read_text(encoding="utf-8")
    assert "{speaker: agent, text: 这个我不能保证，要以审核结果为准}" in text
    r25.write_text(text.replace("{speaker: agent, text: 这个我不能保证，要以审核结果为准}",
                                "{speaker: agent, text: 这个我保证，要以审核结果为准}"), encoding="utf-8")
    assert main(["rubric", "check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "FAIL not_fires[1]" in out and "1 indicator(s) failing" in out


def test_example_file_errors_name_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.copy(REPO / "rubrics" / "default.yaml", tmp_path / "r.yaml")
    (tmp_path / "r.examples").mkdir()
    (tmp_path / "r.examples" / "R14.yaml").write_text("fires:\n  - - {speaker: robot, text: 随便你}\n",
                                                      encoding="utf-8")
    (tmp_path / "r.examples" / "R99.yaml").write_text("fires: []\n", encoding="utf-8")
    assert main(["rubric", "lint", str(tmp_path / "r.yaml")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'r.examples' / 'R14.yaml'}:2" in err and "'robot' is not one of" in err
    assert "no indicator 'R99'" in err


def test_rubric_check_reports_invalid_rubric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "r.yaml"
    broken.write_text((REPO / "rubrics" / "default.yaml").read_text(encoding="utf-8")
                      .replace("severity: blue", "severity: green", 1), encoding="utf-8")
    assert main(["rubric", "check", str(broken)]) == 1
    assert "indicator R01 severity: 'green' is not one of red, yellow, blue" in capsys.readouterr().err
