"""Inbox scanning, sidecars and transcript JSON: clear errors that never echo field values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from common.errors import InputError
from transcripts.inbox import scan
from transcripts.io import load_transcript
from transcripts.sidecar import load_sidecar

SECRET = "13812345678"


def _transcript(**over: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "call_id": "T1", "channel": "chat",
        "segments": [{"speaker": "customer", "start": 0, "end": 1, "text": f"我的电话{SECRET}"},
                     {"speaker": "agent", "start": 2, "end": 3, "text": "好的"}],
    }
    doc.update(over)
    return doc


def test_scan_classifies_items(tmp_path: Path) -> None:
    for name in ["A.wav", "A.json", "B.mp3", "T.json", "notes.txt", ".hidden.wav", "C.wav.partial"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "quarantine").mkdir()
    items = {(i.kind, i.path.name, i.sidecar.name if i.sidecar else None) for i in scan(tmp_path)}
    assert items == {("audio", "A.wav", "A.json"), ("audio", "B.mp3", None), ("transcript", "T.json", None),
                     ("unsupported", "notes.txt", None)}


def test_valid_transcript(tmp_path: Path) -> None:
    p = tmp_path / "T1.json"
    p.write_text(json.dumps(_transcript(), ensure_ascii=False), encoding="utf-8")
    t = load_transcript(p)
    assert (t.call_id, t.channel, len(t.segments)) == ("T1", "chat", 2)


@pytest.mark.parametrize(("doc", "problem"), [
    (_transcript(segments=[{"speaker": "agnt", "start": 0, "end": 1, "text": SECRET}]),
     "segments[0].speaker: Input should be 'agent', 'customer' or 'system'"),
    (_transcript(segments=[{"speaker": "agent", "start": 5, "end": 1, "text": SECRET}]),
     "segments[0]: Value error, end 1.0 is before start 5.0"),
    (_transcript(segments=[{"speaker": "agent", "start": 5, "end": 6, "text": SECRET},
                           {"speaker": "agent", "start": 1, "end": 2, "text": "x"}]),
     "(document): Value error, segments[1] starts at 1.0 s, before segments[0] (5.0 s); "
     "segments must be in time order"),
    (_transcript(segments=None), "segments: Input should be a valid tuple"),
    ({"channel": "chat", "segments": []}, "call_id: Field required"),
])
def test_malformed_transcript_errors_name_the_field_not_the_value(tmp_path: Path, doc: dict[str, object],
                                                                   problem: str) -> None:
    p = tmp_path / "T1.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_transcript(p)
    assert info.value.message == (f"{p}: invalid transcript: {problem} "
                                  "(fix the fields named and re-deliver; formats.md §2)")
    assert SECRET not in info.value.message
    assert info.value.reason_code == "malformed_transcript"


def test_broken_json_gives_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "T.json"
    p.write_text('{"call_id": "T",\n "segments": [\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"not valid JSON at line 3 column 1"):
        load_transcript(p)


def test_sidecar_ok_and_defaults(tmp_path: Path) -> None:
    p = tmp_path / "C1.json"
    p.write_text(json.dumps({"call_id": "C1", "queue": "售后", "customer_id": "U1"}), encoding="utf-8")
    side = load_sidecar(p, "C1")
    assert side.channels == {0: "agent", 1: "customer"} and side.queue == "售后"


@pytest.mark.parametrize(("doc", "problem"), [
    ({"call_id": "C2"}, "call_id 'C2' differs from the file name 'C1' (rename the files or fix call_id so they agree)"),
    ({"channels": {"0": "customer", "3": "agent"}},
     "invalid sidecar: channels: Value error, channel numbers must be 0 or 1, got [3] "
     "(fix the fields named; formats.md §1)"),
    ({"started_at": "yesterday"}, "invalid sidecar: started_at: Input should be a valid datetime or date, "
                                  "input is too short (fix the fields named; formats.md §1)"),
])
def test_bad_sidecars(tmp_path: Path, doc: dict[str, object], problem: str) -> None:
    p = tmp_path / "C1.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_sidecar(p, "C1")
    assert info.value.message == f"{p}: {problem}"
    assert info.value.reason_code == "malformed_sidecar"
