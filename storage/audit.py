"""The redaction audit log: append-only, keyed and anchored.

Each record's ``record_hash`` chains the previous record's hash and the record's own content (see
``storage.audit_chain`` for the versions), so editing, deleting or reordering any row breaks every hash
after it; the chain key is not in the database, so the hashes cannot be recomputed by someone who can only
write the database; and signed anchors outside the database (``storage.audit_anchor``) fix the count and
last hash at the end of every run, so a truncated or rewritten chain is caught too. ``verify_chain`` names
the first problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.audit_anchor import Anchor
from storage.audit_chain import CURRENT_VERSION, GENESIS_HASH, ChainKeys, chain_hash
from storage.models import AuditHead, Interaction, RedactionEvent
from transcripts.models import Detection

__all__ = ["GENESIS_HASH", "ChainReport", "append_detections", "chain_hash", "verify_chain"]


def action_of(det: Detection) -> str:
    """What was done: text placeholder always; audio silenced too when the value has an audio time range."""
    return "replaced+silenced" if det.audio_start is not None else "replaced"


def append_detections(session: Session, *, run_id: int | None, interaction_id: int,
                      detections: Sequence[Detection], keys: ChainKeys) -> int:
    """Append one chained record per detection; returns how many were written."""
    if not detections:
        return 0
    # Touch the head row first: a row lock on PostgreSQL, the write lock on SQLite, so appenders serialise.
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq))
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    seq, prev = head.seq, head.last_hash
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    call_id = session.get_one(Interaction, interaction_id).call_id
    secret = keys.secret(keys.key_id)
    for det in detections:
        seq += 1
        event = RedactionEvent(
            seq=seq, run_id=run_id, interaction_id=interaction_id, segment_idx=det.segment, span_group=det.group,
            pii_type=det.type, start=det.start, end=det.end, audio_start=det.audio_start, audio_end=det.audio_end,
            speaker=det.speaker, detector=det.detector, detector_version=det.detector_version,
            confidence=round(det.confidence, 4), validators=list(det.validators), action=action_of(det),
            value_hash=det.value_hash, key_id=det.key_id, recorded_at=now, prev_hash=prev, field=det.field,
            chain_version=CURRENT_VERSION, chain_key_id=keys.key_id,
        )
        event.record_hash = chain_hash(prev, event, call_id, secret)
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
    since_seq: int = 0
    """0 for a full check; the anchored count an incremental check started from."""


def _record_problem(event: RedactionEvent, call_id: str | None, prev: str, keyed_seen: bool,
                    keys: ChainKeys) -> str | None:
    version = event.chain_version or 1
    if version < 2 and keyed_seen:
        return "unkeyed (version 1) record after keyed records: the chain was rewritten without the key"
    secret = keys.secret(event.chain_key_id) if version >= 2 else None
    if version >= 2 and secret is None:
        return (f"record is signed with key {event.chain_key_id}, which is not configured (key missing or wrong "
                f"key; configured: {', '.join(keys.known())})")
    if event.prev_hash != prev:
        return "prev_hash does not match the previous record"
    if chain_hash(prev, event, call_id, secret) != event.record_hash:
        return "record content was altered"
    return None


def _start(session: Session, anchor: Anchor | None) -> tuple[str, int, ChainReport | None]:
    """Where to begin: the genesis, or (incremental) the latest anchored record, which must still match."""
    if anchor is None or anchor.seq == 0:
        return GENESIS_HASH, 1, None
    stored = session.scalar(select(RedactionEvent.record_hash).where(RedactionEvent.seq == anchor.seq))
    if stored is None:
        return "", 0, ChainReport(False, 0, anchor.seq, f"record {anchor.seq} (anchored {anchor.at}) is missing: "
                                                        "the chain was truncated", anchor.seq)
    if stored != anchor.last_hash:
        return "", 0, ChainReport(False, 0, anchor.seq, f"record {anchor.seq} differs from the anchor of "
                                                        f"{anchor.at}: the chain was rewritten", anchor.seq)
    return anchor.last_hash, anchor.seq + 1, None


def verify_chain(session: Session, keys: ChainKeys, anchors: list[Anchor] | None, *,
                 incremental: bool = False) -> ChainReport:
    """Recompute the chain against the keys and the anchors (``None``: the anchor file is missing).

    ``incremental`` checks only the records after the latest anchor (cheap: one run's records), starting from
    the anchored hash; a full check walks everything and compares every anchored record.
    """
    anchored = {a.seq: a for a in anchors or []}
    latest = anchors[-1] if anchors else None
    prev, expected, failed = _start(session, latest if incremental else None)
    if failed is not None:
        return failed
    since = expected - 1
    stmt = (select(RedactionEvent, Interaction.call_id)
            .outerjoin(Interaction, RedactionEvent.interaction_id == Interaction.id)
            .where(RedactionEvent.seq >= expected).order_by(RedactionEvent.seq))
    keyed_seen, checked = incremental and since > 0, 0
    for event, call_id in session.execute(stmt).yield_per(1000):
        if event.seq != expected:
            what = (f"record {expected} is missing (gap)" if event.seq > expected
                    else f"record {event.seq} is duplicated or out of order (inserted or reordered)")
            return ChainReport(False, checked, expected, what, since)
        problem = _record_problem(event, call_id, prev, keyed_seen, keys)
        anchor = anchored.get(event.seq)
        if problem is None and anchor is not None and anchor.last_hash != event.record_hash:
            problem = f"record differs from the anchor of {anchor.at}: the chain was rewritten"
        if problem is not None:
            return ChainReport(False, checked, event.seq, problem, since)
        keyed_seen = keyed_seen or (event.chain_version or 1) >= 2
        prev, expected, checked = event.record_hash, expected + 1, checked + 1
    return _tail(session, keys, anchors, ChainReport(True, checked, since_seq=since), prev)


def _tail(session: Session, keys: ChainKeys, anchors: list[Anchor] | None, walked: ChainReport,
          prev: str) -> ChainReport:
    count = walked.since_seq + walked.checked
    latest = anchors[-1] if anchors else None
    if anchors is None and count > 0:
        return ChainReport(False, walked.checked, None, "anchor file missing: the chain's count and last hash "
                           "cannot be checked (restore it, or run `callqa audit anchor` once after an upgrade)",
                           walked.since_seq)
    if latest is not None and latest.seq > count:
        return ChainReport(False, walked.checked, count + 1, f"truncated tail: the anchor of {latest.at} counts "
                           f"{latest.seq} records, the database holds {count}", walked.since_seq)
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != count or head.last_hash != prev):
        return ChainReport(False, walked.checked, count + 1, "records after the last one were deleted "
                           "(the head does not match)", walked.since_seq)
    return walked
