"""The redaction audit log: append-only and tamper-evident.

Each record's ``record_hash`` is SHA-256 over the previous record's hash and the record's own
canonical content, so editing, deleting or reordering any row breaks every hash after it.
``verify_chain`` recomputes the chain and names the first broken record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import AuditHead, RedactionEvent
from transcripts.models import Detection

GENESIS_HASH = "0" * 64
CHAINED_FIELDS = (
    "seq", "run_id", "interaction_id", "segment_idx", "span_group", "pii_type", "start", "end", "audio_start",
    "audio_end", "speaker", "detector", "detector_version", "confidence", "validators", "action", "value_hash",
    "key_id", "recorded_at",
)


def canonical(event: RedactionEvent) -> bytes:
    content = {f: getattr(event, f) for f in CHAINED_FIELDS}
    if event.field is not None:  # chained only when set, so records written before migration 0007 still verify
        content["field"] = event.field
    return json.dumps(content, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, event: RedactionEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(event)).hexdigest()


def action_of(det: Detection) -> str:
    """What was done: text placeholder always; audio silenced too when the value has an audio time range."""
    return "replaced+silenced" if det.audio_start is not None else "replaced"


def append_detections(session: Session, *, run_id: int | None, interaction_id: int,
                      detections: Sequence[Detection]) -> int:
    """Append one chained record per detection; returns how many were written."""
    if not detections:
        return 0
    # Touch the head row first: a row lock on PostgreSQL, the write lock on SQLite, so appenders serialise.
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq))
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    seq, prev = head.seq, head.last_hash
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    for det in detections:
        seq += 1
        event = RedactionEvent(
            seq=seq, run_id=run_id, interaction_id=interaction_id, segment_idx=det.segment, span_group=det.group,
            pii_type=det.type, start=det.start, end=det.end, audio_start=det.audio_start, audio_end=det.audio_end,
            speaker=det.speaker, detector=det.detector, detector_version=det.detector_version,
            confidence=round(det.confidence, 4), validators=list(det.validators), action=action_of(det),
            value_hash=det.value_hash, key_id=det.key_id, recorded_at=now, prev_hash=prev, field=det.field,
        )
        event.record_hash = chain_hash(prev, event)
        session.add(event)
        prev = event.record_hash
    head.seq, head.last_hash = seq, prev
    session.flush()
    return len(detections)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    problem: str | None = None


def verify_chain(session: Session) -> ChainReport:
    prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in session.scalars(select(RedactionEvent).order_by(RedactionEvent.seq)).yield_per(1000):
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"record {expected_seq} is missing")
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.seq, "prev_hash does not match the previous record")
        if chain_hash(prev, event) != event.record_hash:
            return ChainReport(False, checked, event.seq, "record content was altered")
        prev, expected_seq, checked = event.record_hash, expected_seq + 1, checked + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.last_hash != prev):
        return ChainReport(False, checked, checked + 1, "records after the last one were deleted")
    return ChainReport(True, checked)
