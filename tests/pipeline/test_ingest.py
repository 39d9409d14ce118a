"""Ingest registers each item once and quarantines what cannot be registered (files moved, never lost)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from callqa.pipeline.ingest import ingest
from storage.db import session_scope
from storage.models import Interaction, QuarantineRecord
from tests.transcripts.audio_fixtures import write_wav


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_wav(inbox / "C1.wav", seconds=1.0)
    (inbox / "C1.json").write_text(json.dumps({"call_id": "C1", "queue": "售后"}), encoding="utf-8")
    write_wav(inbox / "C2.wav", seconds=1.5)
    (inbox / "T1.json").write_text(json.dumps({"call_id": "T1", "channel": "chat", "segments": []}), encoding="utf-8")
    (inbox / "empty.wav").write_bytes(b"")
    (inbox / "notes.txt").write_text("?", encoding="utf-8")
    (inbox / "bad.json").write_text("{not json", encoding="utf-8")
    (inbox / "C2-copy.wav").write_bytes((inbox / "C2.wav").read_bytes())
    return inbox


def test_ingest_registers_and_quarantines(tmp_path: Path, db_url: str) -> None:
    inbox = _inbox(tmp_path)
    report = ingest(db_url, inbox, run_id=None)
    assert sorted(report.new) == ["C1", "C2", "T1"]
    codes = {q["file"]: q["reason_code"] for q in report.quarantined}
    assert codes == {"empty.wav": "empty_file", "notes.txt": "unsupported", "bad.json": "malformed_transcript",
                     "C2-copy.wav": "duplicate"}
    moved = sorted(p.name for p in (inbox / "quarantine").rglob("*") if p.is_file())
    assert moved == sorted(["empty.wav", "empty.wav.reason.txt", "notes.txt", "notes.txt.reason.txt", "bad.json",
                            "bad.json.reason.txt", "C2-copy.wav", "C2-copy.wav.reason.txt"])
    with session_scope(db_url) as s:
        rows = {q.file_name: q.message for q in s.scalars(select(QuarantineRecord))}
        kinds = {i.call_id: (i.kind, i.state) for i in s.scalars(select(Interaction))}
    assert rows["C2-copy.wav"].endswith("same content as already registered call C2 (remove the duplicate delivery)")
    assert kinds == {"C1": ("audio", "registered"), "C2": ("audio", "registered"), "T1": ("transcript", "registered")}


def test_reingest_adds_nothing(tmp_path: Path, db_url: str) -> None:
    inbox = _inbox(tmp_path)
    ingest(db_url, inbox, run_id=None)
    again = ingest(db_url, inbox, run_id=None)
    assert (again.new, again.quarantined) == ([], [])
    assert sorted(again.existing) == ["C1", "C2", "T1"]


def test_fixed_sidecar_is_a_new_version_only_after_failure(tmp_path: Path, db_url: str) -> None:
    inbox = _inbox(tmp_path)
    ingest(db_url, inbox, run_id=None)
    (inbox / "C1.json").write_text(json.dumps({"call_id": "C1", "queue": "账户"}), encoding="utf-8")
    report = ingest(db_url, inbox, run_id=None)
    assert [q["reason_code"] for q in report.quarantined] == ["call_id_conflict"]
