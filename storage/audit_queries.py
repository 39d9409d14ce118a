"""Reading the redaction audit log, beside where it is written (``storage.audit``): the one query behind
``callqa audit export`` and the compliance pages' event tables and exports. Rows hold types, positions,
versions and keyed hashes, never values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
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


def residual_calls(session: Session, *, limit: int, call_prefix: str = "") -> tuple[list[dict[str, Any]], int]:
    """Calls whose stored redacted text still holds digit runs or e-mail shapes (the leak sentinel's counts,
    most recent first, at most ``limit``) and how many there are in all."""
    risky = (Interaction.residual_digit_runs > 0) | (Interaction.residual_email_shapes > 0)
    stmt = select(Interaction.id, Interaction.call_id, Interaction.residual_digit_runs,
                  Interaction.residual_email_shapes).where(risky)
    if call_prefix:
        stmt = stmt.where(Interaction.call_id.startswith(call_prefix, autoescape=True))
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.execute(stmt.order_by(Interaction.id.desc()).limit(limit))
    return [{"id": iid, "call_id": cid, "digit_runs": d or 0, "email_shapes": e or 0} for iid, cid, d, e in rows], total


def residue_of(session: Session, interaction_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """The leak sentinel's (digit runs, e-mail shapes) for each call; ``None`` when stored before the sentinel."""
    rows = session.execute(select(Interaction.id, Interaction.residual_digit_runs, Interaction.residual_email_shapes)
                           .where(Interaction.id.in_(interaction_ids)))
    return {iid: (d, e) for iid, d, e in rows}
