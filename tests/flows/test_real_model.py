"""The real flow with the real bundled Whisper model on a short two-channel sample call."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from callqa.pipeline import process
from flows.nightly import nightly_qa
from storage.db import session_scope
from storage.models import Interaction, RedactionEvent, SegmentRow
from tests.flows import helpers as h
from transcripts.audio import decode

pytestmark = [pytest.mark.model, pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    if not (h.DATA / "short_call.ogg").exists():
        pytest.skip("sample call not generated")
    box = tmp_path / "inbox"
    box.mkdir()
    h.copy_short_call(box, "C-SHORT-1")
    return box


def test_short_call_end_to_end(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    summary = nightly_qa(inbox=str(inbox), db=url)
    assert h.states(url) == {"C-SHORT-1": "queued"}
    item = summary["queue"][0]
    assert item["severity"] == "red"
    assert "R14" in [hit["indicator"] for hit in item["hits"]]
    with session_scope(url) as s:
        rows = list(s.scalars(select(SegmentRow).order_by(SegmentRow.idx)))
    assert {r.speaker for r in rows} == {"agent", "customer"}
    assert all(r.start_s <= r.end_s for r in rows)
    assert [r.start_s for r in rows] == sorted(r.start_s for r in rows)
    text = "".join(r.text for r in rows)
    assert not re.search(r"\d{7,}", text), "a long digit run survived redaction"

    # The reviewers' recording: the phone number's audio is silent on both channels, the greeting is not.
    with session_scope(url) as s:
        inter = s.scalars(select(Interaction)).one()
        ranges = [(e.audio_start, e.audio_end, e.action) for e in s.scalars(select(RedactionEvent))]
    assert ranges and all(a == "replaced+silenced" for *_, a in ranges)
    redacted = decode(Path(inter.redacted_audio or ""))
    start, end, _ = ranges[0]
    inside = slice(int((start + 0.3) * 16000), int((end - 0.3) * 16000))
    assert max(float(abs(c[inside]).max()) for c in redacted.channels) < 1e-3
    assert float(abs(redacted.channels[0][16000:64000]).max()) > 0.05  # the greeting is still there

    # A fresh database over the same inbox: the cached transcription is reused, Whisper is not run again.
    calls: list[str] = []
    real = process.transcribe_and_redact
    monkeypatch.setattr(process, "transcribe_and_redact", lambda *a, **k: calls.append("x") or real(*a, **k))
    nightly_qa(inbox=str(inbox), db=f"sqlite:///{tmp_path / 'b.db'}")
    assert calls == []
    assert h.states(f"sqlite:///{tmp_path / 'b.db'}") == {"C-SHORT-1": "queued"}


def test_parallel_workers_overlap_and_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers share one model: transcriptions run at the same time, give the same text for the same
    audio, and a broken recording between them is quarantined without stopping the others."""
    if not (h.DATA / "short_call.ogg").exists():
        pytest.skip("sample call not generated")
    box = tmp_path / "inbox"
    box.mkdir()
    h.copy_short_call(box, "C-PAR-1")
    h.truncate(h.write_wav(box / "C-PAR-2.wav", seconds=4.0))
    h.copy_short_call(box, "C-PAR-3", agent_id="A1002")  # same audio, other sidecar: transcribed again
    monkeypatch.setenv("CALLQA_ASR_WORKERS", "2")
    spans: list[tuple[float, float]] = []
    real = process.transcribe_and_redact

    def timed(*a: object, **k: object) -> process.RedactedCall:
        t0 = time.monotonic()
        try:
            return real(*a, **k)  # type: ignore[arg-type]
        finally:
            spans.append((t0, time.monotonic()))

    monkeypatch.setattr(process, "transcribe_and_redact", timed)
    url = f"sqlite:///{tmp_path / 'p.db'}"
    summary = nightly_qa(inbox=str(box), db=url)
    assert h.states(url) == {"C-PAR-1": "queued", "C-PAR-3": "queued", "C-PAR-2": "failed"}
    assert summary["internal_failures"] == [] and h.counts(url)["quarantine"] == 1
    (_, a1), (b0, _) = sorted(s for s in spans if s[1] - s[0] > 1.0)  # the two real transcriptions
    assert b0 < a1, "the second call did not start before the first finished"
    with session_scope(url) as s:
        texts = {cid: [r.text for r in s.scalars(select(SegmentRow).join(Interaction)
                                                 .where(Interaction.call_id == cid).order_by(SegmentRow.idx))]
                 for cid in ("C-PAR-1", "C-PAR-3")}
    assert texts["C-PAR-1"] and texts["C-PAR-1"] == texts["C-PAR-3"]
