"""Quarantine and the retention archive never overwrite a file already there (issue 15)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from callqa.pipeline.ingest import ingest
from callqa.pipeline.placing import move_unique
from callqa.pipeline.retention import RetentionPolicy, apply_retention
from storage.db import session_scope
from storage.models import Interaction, QuarantineRecord, RetentionEvent
from storage.states import InteractionState


def _chat(path: Path, call_id: str, text: str) -> Path:
    segment = {"speaker": "agent", "start": 0, "end": 1, "text": text}
    doc = {"call_id": call_id, "channel": "chat", "segments": [segment]}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_move_unique_keeps_both_and_tags_an_item_together(tmp_path: Path) -> None:
    target = tmp_path / "q"
    (tmp_path / "C1.wav").write_bytes(b"first")
    first = move_unique([tmp_path / "C1.wav"], target)
    (tmp_path / "C1.wav").write_bytes(b"second")
    (tmp_path / "C1.json").write_text("{}", encoding="utf-8")
    second = move_unique([tmp_path / "C1.wav", tmp_path / "C1.json"], target)
    assert first == [target / "C1.wav"]
    tag = second[0].name.split(".")[1]
    assert [p.name for p in second] == [f"C1.{tag}.wav", f"C1.{tag}.json"] and len(tag) == 8
    assert (target / "C1.wav").read_bytes() == b"first" and second[0].read_bytes() == b"second"
    (tmp_path / "C1.wav").write_bytes(b"second")  # the very same content a third time: a counter
    third = move_unique([tmp_path / "C1.wav"], target)
    assert third[0].name == f"C1.{tag}-1.wav"


def test_quarantine_never_overwrites(tmp_path: Path, db_url: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bad.json").write_text("{not json", encoding="utf-8")
    ingest(db_url, inbox, run_id=None)
    (inbox / "bad.json").write_text("{still not json", encoding="utf-8")
    ingest(db_url, inbox, run_id=None)
    files = sorted(p for p in (inbox / "quarantine").rglob("*") if p.is_file())
    bodies = {p.read_text(encoding="utf-8") for p in files if not p.name.endswith(".reason.txt")}
    assert bodies == {"{not json", "{still not json"}
    assert sum(p.name.endswith(".reason.txt") for p in files) == 2
    with session_scope(db_url) as s:
        moved = [q.moved_to for q in s.scalars(select(QuarantineRecord))]
    assert len(set(moved)) == 2 and all(m and Path(m).exists() for m in moved)


def test_archive_never_overwrites(tmp_path: Path, db_url: str) -> None:
    """Call B's original delivered under call A's old file name is archived beside A's, not over it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    policy, now = RetentionPolicy(days=0.0), datetime.now(UTC) + timedelta(minutes=1)
    for call_id, text in (("T-A", "第一通"), ("T-B", "第二通")):
        _chat(inbox / "same.json", call_id, text)
        ingest(db_url, inbox, run_id=None)
        with session_scope(db_url) as s:
            s.scalars(select(Interaction).where(Interaction.call_id == call_id)).one().state = InteractionState.DONE
        apply_retention(db_url, inbox, None, policy, now=now)
    archived = sorted((inbox / "archive").rglob("*.json"))
    assert {json.loads(p.read_text(encoding="utf-8"))["call_id"] for p in archived} == {"T-A", "T-B"}
    with session_scope(db_url) as s:
        moved = [e.moved_to for e in s.scalars(select(RetentionEvent))]
    assert sorted(moved) == sorted(str(p) for p in archived)
