"""Reading the redaction audit log, beside where it is written (``storage.audit``): the one query behind
``callqa audit export`` and the compliance pages' event tables and exports. Rows hold types, positions,
versions and keyed hashes, never values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Interaction, RedactionEvent
from transcripts.redaction.categories import LEGAL_CATEGORY

EVENT_FIELDS = ("seq", "call_id", "input_sha256", "run_id", "segment_idx", "field", "span_group", "pii_type",
                "legal_category", "start", "end", "audio_start", "audio_end", "speaker", "detector",
                "detector_version", "confidence", "validators", "action", "value_hash", "key_id", "recorded_at",
                "prev_hash", "record_hash")
"""Columns of an exported audit record, in order; ``call_id``, ``input_sha256`` and ``legal_category`` are
derived from the interaction and the kinds table."""
_DERIVED = ("call_id", "input_sha256", "legal_category")


def event_rows(session: Session, *, interaction_id: int | None = None, call_id: str | None = None,
               since: datetime | None = None, until: datetime | None = None) -> list[dict[str, Any]]:
    """Audit records in chain order; ``since`` inclusive, ``until`` exclusive (recording time)."""
    stmt = (select(RedactionEvent, Interaction.call_id, Interaction.content_sha256)
            .join(Interaction, RedactionEvent.interaction_id == Interaction.id).order_by(RedactionEvent.seq))
    if interaction_id is not None:
        stmt = stmt.where(RedactionEvent.interaction_id == interaction_id)
    if call_id is not None:
        stmt = stmt.where(Interaction.call_id == call_id)
    if since is not None:
        stmt = stmt.where(RedactionEvent.recorded_at >= since)
    if until is not None:
        stmt = stmt.where(RedactionEvent.recorded_at < until)
    rows: list[dict[str, Any]] = []
    for ev, cid, sha in session.execute(stmt):
        derived = {"call_id": cid, "input_sha256": sha, "legal_category": LEGAL_CATEGORY[ev.pii_type]}
        rows.append({f: derived[f] if f in _DERIVED else getattr(ev, f) for f in EVENT_FIELDS})
    return rows


def sensitive_categories(pii_types: set[str]) -> list[str]:
    """The PIPL Art. 28 sensitive categories a set of detected types falls into, sorted."""
    return sorted({LEGAL_CATEGORY[t] for t in pii_types} - {"general"})
