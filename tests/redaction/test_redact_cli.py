"""callqa redact: JSON lines in and out (formats.md §3); bad lines reported by file:line without content."""

from __future__ import annotations

import json
import subprocess
import sys
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


def _write(path: Path, rows: list[object]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_spans_are_offsets_into_the_original_text(tmp_path: Path) -> None:
    texts = ["您好，工号1032", "卡号6222 0212 3456 7890 128，验证码八三五二一六", "邮箱li艾特qq点com，电话010-62345678"]
    _write(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in enumerate(texts)])
    assert main(["redact", "--in", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out.jsonl")]) == 0
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    found = [(r["id"], s["type"], texts[r["id"]][s["start"]:s["end"]]) for r in rows for s in r["spans"]]
    assert found == [(1, "BANK_CARD", "6222 0212 3456 7890 128"), (1, "VERIFICATION_CODE", "八三五二一六"),
                     (2, "EMAIL", "li艾特qq点com"), (2, "PHONE", "010-62345678")]
    assert rows[0]["text"] == "您好，工号1032"


def test_every_kind_of_bad_line_is_named_without_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'["13900001111"]\n{"text": "13900001111"}\n{"id": 1, "text": 13900001111}\n'
                    b'{"id": 2, "text": "\xff13900001111"}\n\xef\xbb\xbf{"id": 3, "text": "ok"}\n')
    assert main(["redact", "--in", str(src), "--out", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert f"{src}:1: expected a JSON object, got list; line skipped" in err
    assert f'{src}:2: missing field "id"; line skipped' in err
    assert f'{src}:3: field "text" is missing or not a string; line skipped' in err
    assert f"{src}:4: not valid UTF-8 (byte 20); line skipped" in err
    assert "13900001111" not in err
    assert f"{src}: 1 lines redacted, 4 skipped" in err


def test_progress_every_thousand_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "in.jsonl", [{"id": i, "text": "退款两百元"} for i in range(2001)])
    assert main(["redact", "--in", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "1000 lines redacted …" in err and "2000 lines redacted …" in err
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2001


def test_refuses_to_overwrite_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    _write(src, [{"id": 1, "text": "手机13812345678"}])
    assert main(["redact", "--in", str(src), "--out", str(src)]) == 2
    assert f"{src}: --out is the input file" in capsys.readouterr().err
    assert "13812345678" in src.read_text(encoding="utf-8")
    assert main(["redact", "--in", str(src), "--out", str(tmp_path / "no" / "out.jsonl")]) == 2
    assert "the output folder does not exist" in capsys.readouterr().err


def test_console_script(tmp_path: Path) -> None:
    _write(tmp_path / "in.jsonl", [{"id": "x", "text": "我的手机号是幺三八 一二三四 五六七八"}])
    exe = Path(sys.executable).with_name("callqa")
    proc = subprocess.run([str(exe), "redact", "--in", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "o.jsonl")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    row = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert row == {"id": "x", "text": "我的手机号是〔手机号〕", "spans": [{"start": 6, "end": 19, "type": "PHONE"}]}


def test_unpaired_surrogate_is_a_bad_line_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    lines = ['{"id": 1, "text": "abc\\ud800 13900001111"}', '{"id": "\\udc00", "text": "ok"}',
             '{"id": 2, "text": "ok"}']
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["redact", "--in", str(src), "--out", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert f'{src}:1: field "text" has an unpaired surrogate (character 4); line skipped' in err
    assert f'{src}:2: field "id" has an unpaired surrogate (character 2); line skipped' in err
    assert "13900001111" not in err
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8")) == {"id": 2, "text": "ok", "spans": []}
