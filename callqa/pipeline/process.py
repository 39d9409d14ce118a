"""Stages 2–5 for one interaction: transcribe+redact, store, score, queue.

Raw text exists only inside ``transcribe_and_redact``: the recording (or delivered transcript)
is turned into text and redacted in the same call, and only the redacted result is returned,
cached by Prefect, or stored. See docs/decisions.md ("Raw text never crosses a task boundary").
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from callqa.pipeline.quarantine import quarantine
from common.errors import InputError
from common.keys import KeyedHasher
from storage.audit import append_detections
from storage.audit_chain import ChainKeys
from storage.db import session_scope
from storage.interactions import load_redacted_transcript, mark_failed, store_redacted_transcript
from storage.models import Interaction, RedactionEvent
from storage.queue import QueueSettings, enqueue
from storage.scores import latest_score, store_score
from storage.states import InteractionState
from transcripts.asr.engine import AsrConfig, get_engine
from transcripts.hotwords import HotwordBook
from transcripts.inbox import item_files, sidecar_of
from transcripts.io import load_transcript
from transcripts.models import Detection, Transcript
from transcripts.redaction.engine import Redactor
from transcripts.redaction.transcript import redact_transcript
from transcripts.sidecar import load_sidecar
from transcripts.transcribe import transcribe_recording

if TYPE_CHECKING:
    from scoring.routing import RubricSet


class RedactedCall(BaseModel):
    """What leaves the transcription stage: redacted text, detections without values, hashed customer."""

    model_config = ConfigDict(frozen=True)

    transcript: Transcript
    detections: list[Detection]
    customer_hash: str | None
    key_id: str | None


def _raw_transcript(path: Path, kind: str, call_id: str, asr: AsrConfig, hotwords: HotwordBook | None,
                    ) -> Transcript:
    if kind == "transcript":
        transcript = load_transcript(path)
        if transcript.call_id != call_id:
            raise InputError(str(path), f"call_id changed to {transcript.call_id} since registration",
                             "re-deliver the file", reason_code="malformed_transcript")
        return transcript
    sidecar_path = sidecar_of(path)
    sidecar = load_sidecar(sidecar_path, call_id) if sidecar_path else None
    return transcribe_recording(path, call_id, sidecar, get_engine(asr), hotwords)


def transcribe_and_redact(path: Path, kind: str, call_id: str, asr: AsrConfig, hasher: KeyedHasher,
                          redactor: Redactor, hotwords: HotwordBook | None = None) -> RedactedCall:
    """Raises ``InputError`` for a bad item. The raw transcript never leaves this function."""
    raw = _raw_transcript(path, kind, call_id, asr, hotwords)
    outcome = redact_transcript(raw, hasher, redactor)
    customer_hash = hasher.hash(raw.customer_id) if raw.customer_id else None
    redacted = outcome.transcript.model_copy(update={"customer_id": None})
    return RedactedCall(transcript=redacted, detections=list(outcome.detections), customer_hash=customer_hash,
                        key_id=hasher.key_id if customer_hash else None)


def fail_item(db_url: str, inbox: Path, interaction_id: int, stage: str, error: InputError,
              run_id: int | None) -> dict[str, str]:
    """Mark failed, move the files aside, record the quarantine; returns the summary row."""
    with session_scope(db_url) as session:
        inter = session.get_one(Interaction, interaction_id)
        files = item_files(inbox / inter.source_name, inter.kind)
        mark_failed(session, inter, stage=stage, reason_code=error.reason_code, reason=error.message)
        quarantine(session, inbox=inbox, files=files, error=error, stage=stage, run_id=run_id,
                   call_id=inter.call_id, content_sha256=inter.content_sha256)
        return {"file": inter.source_name, "call_id": inter.call_id, "reason_code": error.reason_code,
                "reason": error.message}


def store_redacted(db_url: str, interaction_id: int, call: RedactedCall, run_id: int | None,
                   keys: ChainKeys) -> int:
    """Segments, audit records and the ``redacted`` state in ONE transaction (no half-stored call)."""
    with session_scope(db_url) as session:
        inter = session.get_one(Interaction, interaction_id, with_for_update=True)
        if inter.state not in (InteractionState.REGISTERED, InteractionState.TRANSCRIBED):
            return 0
        store_redacted_transcript(session, inter, call.transcript, call.customer_hash, call.key_id)
        return append_detections(session, run_id=run_id, interaction_id=inter.id, detections=call.detections,
                                 keys=keys)


def redact_audio(db_url: str, inbox: Path, interaction_id: int, media_dir: Path, mode: str = "silence") -> str | None:
    """Write the reviewers' copy of a recording with every personal-data span silenced; idempotent."""
    from transcripts.audio_redact import redact_recording

    with session_scope(db_url) as session:  # the row lock makes a second run wait, then find the copy made
        inter = session.get_one(Interaction, interaction_id, with_for_update=True)
        if inter.kind != "audio" or inter.redacted_audio:
            return inter.redacted_audio
        source = inbox / inter.source_name
        rows = session.scalars(select(RedactionEvent).where(RedactionEvent.interaction_id == inter.id))
        ranges = [(r.audio_start, r.audio_end) for r in rows if r.audio_start is not None and r.audio_end is not None]
        out = media_dir / f"{inter.call_id}.redacted.ogg"
        redact_recording(source, ranges, out, "tone" if mode == "tone" else "silence")
        inter.redacted_audio = str(out)
        return str(out)


def _stored_detections(session: Any, interaction_id: int) -> list[Detection]:
    return stored_detections(session, [interaction_id])[interaction_id]


def stored_detections(session: Any, interaction_ids: list[int]) -> dict[int, list[Detection]]:
    """The stored sentence detections (positions and types, never values) of each interaction, one query."""
    out: dict[int, list[Detection]] = {i: [] for i in interaction_ids}
    rows = session.scalars(select(RedactionEvent).where(RedactionEvent.interaction_id.in_(interaction_ids),
                                                        RedactionEvent.field.is_(None))  # sentences only
                           .order_by(RedactionEvent.id))
    for r in rows:
        out[r.interaction_id].append(Detection(
            segment=r.segment_idx, start=r.start, end=r.end, type=r.pii_type, detector=r.detector,
            detector_version=r.detector_version, confidence=r.confidence, speaker=r.speaker, group=r.span_group))
    return out


def rubrics_for(path: Path) -> RubricSet:
    """The rubric set (routing file or one rubric) at ``path``, parsed once per process and file version,
    so a long-lived worker picks up an edited routing file without a restart."""
    return _rubrics(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _rubrics(path: str, _mtime_ns: int) -> RubricSet:
    from scoring import load_rubrics

    return load_rubrics(path)


def score_stored(db_url: str, interaction_id: int, rubric: RubricSet, run_id: int | None) -> dict[str, Any]:
    from scoring import score_transcript

    with session_scope(db_url) as session:
        inter = session.get_one(Interaction, interaction_id, with_for_update=True)
        if inter.state != InteractionState.REDACTED:  # scored already (another run, or a retry)
            return {"call_id": inter.call_id, "skipped": str(inter.state)}
        transcript = load_redacted_transcript(session, inter)
        chosen = rubric.for_queue(transcript.queue)  # a RubricSet: the queue picks the rubric
        result = score_transcript(transcript, chosen, detections=_stored_detections(session, inter.id))
        row = store_score(session, inter, result, run_id)
        return {"call_id": inter.call_id, "score": row.score, "flagged": row.flagged, "severity": row.severity,
                "hits": [h.indicator for h in row.hits], "unscorable": row.unscorable}


def queue_scored(db_url: str, interaction_id: int, settings: QueueSettings) -> str:
    """Creates the review item if flagged; returns the terminal state (queued / done)."""
    with session_scope(db_url) as session:
        inter = session.get_one(Interaction, interaction_id, with_for_update=True)
        if inter.state != InteractionState.SCORED:  # queued already (another run, or a retry)
            return str(inter.state)
        score = latest_score(session, inter.id)
        if score is None:
            raise RuntimeError(f"interaction {inter.call_id} has no score; run the score stage first")
        enqueue(session, inter, score, now=datetime.now(UTC), settings=settings)
        return inter.state
