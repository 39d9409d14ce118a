"""callqa redact: JSON lines in and out (formats.md §3); bad lines reported by file:line without content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callqa.cli import main


def test_redact_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "text": "我的手机号是一三八一二三四五六七八"}, ensure_ascii=False),
        "{broken 13900001111",
        json.dumps({"id": "c"}),
        json.dumps({"id": 4, "text": "退款两百元"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["redact", "--in", str(src), "--out", str(out)]) == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == [
        {"id": "a", "text": "我的手机号是〔手机号〕", "spans": [{"start": 6, "end": 17, "type": "PHONE"}]},
        {"id": 4, "text": "退款两百元", "spans": []},
    ]
    err = capsys.readouterr().err
    assert f"{src}:2: not valid JSON" in err and f'{src}:3: field "text"' in err
    assert "13900001111" not in err


def test_missing_input_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["redact", "--in", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "nope.jsonl: no such file" in capsys.readouterr().err
