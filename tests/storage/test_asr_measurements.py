"""The planner reads the RTF recorded with each stored transcript, on SQLite and PostgreSQL, through the CLI."""

from __future__ import annotations

import json

import pytest

from callqa.cli import main
from storage.asr_measurements import asr_measurements
from storage.db import session_scope
from storage.interactions import register

ASR = {"engine": "faster-whisper", "model": "whisper-base", "device": "cpu", "compute_type": "int8"}


def _store(url: str, n: int, rtf: float, device: str = "cpu") -> None:
    with session_scope(url) as s:
        for i in range(n):
            inter = register(s, call_id=f"{device}{rtf}-{i}", content_sha256=f"{device}{rtf}{i}".ljust(64, "0"),
                             kind="audio", source_name="x.wav", run_id=None).interaction
            assert inter is not None
            inter.asr = {**ASR, "device": device, "audio_duration_s": 60.0, "processing_s": 60.0 * rtf}
        chat = register(s, call_id="chat-1", content_sha256="c" * 64, kind="transcript", source_name="c.json",
                        run_id=None).interaction
        assert chat is not None
        chat.asr = None  # chats have no ASR timing


def test_measurements_come_from_stored_transcripts(db_url: str) -> None:
    _store(db_url, 3, 0.25)
    with session_scope(db_url) as s:
        rows = asr_measurements(s)
    assert [round(m.rtf, 3) for m in rows] == [0.25] * 3
    assert {(m.engine, m.compute_type, m.device) for m in rows} == {("faster-whisper", "int8", "cpu")}


def test_plan_cli_json_on_measurements(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _store(db_url, 4, 0.2)
    _store(db_url, 2, 0.02, device="cuda")
    assert main(["plan", "--audio-hours", "3000", "--window-hours", "8", "--cores", "16", "--threads", "1",
                 "--format", "json", "--db", db_url]) == 0
    cpu = json.loads(capsys.readouterr().out)
    assert (cpu["workers"], cpu["machines"], cpu["basis"]["source"], cpu["basis"]["n"]) == (75, 5, "measured", 4)
    assert main(["plan", "--audio-hours", "3000", "--window-hours", "8", "--gpu", "--format", "json",
                 "--db", db_url]) == 0
    gpu = json.loads(capsys.readouterr().out)
    assert (gpu["workers"], gpu["machines"], gpu["basis"]["n"], gpu["basis"]["rtf"]) == (8, 8, 2, 0.02)


def test_plan_cli_table_without_measurements(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--audio-hours", "3000", "--window-hours", "8", "--cores", "2", "--threads", "1",
                 "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "machines                    25" in out and "based on: bench" in out
