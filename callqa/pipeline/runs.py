"""Run records and the run summary (counts, quarantine, hits per indicator, the queue)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from callqa import __version__
from storage.db import session_scope
from storage.models import HitRow, Interaction, QuarantineRecord, RedactionEvent, Run, Score
from storage.queue import list_queue

if TYPE_CHECKING:
    from transcripts.redaction.engine import Redactor


def start_run(db_url: str, inbox: str, versions: dict[str, Any]) -> int:
    with session_scope(db_url) as session:
        run = Run(inbox=inbox, code_version=__version__, versions=versions, status="running")
        session.add(run)
        session.flush()
        return run.id


def finish_run(db_url: str, run_id: int, summary: dict[str, Any], status: str = "completed") -> None:
    with session_scope(db_url) as session:
        run = session.get_one(Run, run_id)
        run.status = status
        run.finished_at = datetime.now(UTC)
        run.summary = summary


def redaction_versions(redactor: Redactor, audio_mask: str) -> dict[str, Any]:
    """For the run's audit record: code version, every detector with its version, the types they cover."""
    from transcripts.redaction.kinds import KINDS

    return {"code": __version__, "detectors": dict(redactor.versions), "redactor": redactor.version,
            "enabled_types": sorted(KINDS), "audio_mask": audio_mask}


def build_summary(db_url: str, run_id: int, processed: list[str], failures: list[dict[str, str]]) -> dict[str, Any]:
    """Everything a supervisor wants after a night: JSON-safe and free of raw personal data."""
    with session_scope(db_url) as session:
        states: dict[str, int] = {state: int(n) for state, n in session.execute(
            select(Interaction.state, func.count()).group_by(Interaction.state))}
        quarantined = [
            {"file": q.file_name, "call_id": q.call_id, "stage": q.stage, "reason_code": q.reason_code,
             "reason": q.message}
            for q in session.scalars(select(QuarantineRecord).where(QuarantineRecord.run_id == run_id))
        ]
        latest = select(func.max(Score.id)).group_by(Score.interaction_id)
        hits = Counter(session.scalars(select(HitRow.indicator).where(HitRow.score_id.in_(latest))))
        queue = list_queue(session, status=None)
        redacted = {str(t): int(n) for t, n in session.execute(
            select(RedactionEvent.pii_type, func.count()).where(RedactionEvent.run_id == run_id)
            .group_by(RedactionEvent.pii_type))}
    return {
        "redactions_this_run": dict(sorted(redacted.items())),
        "run_id": run_id,
        "processed_this_run": len(processed),
        "states": states,
        "quarantined_this_run": quarantined,
        "internal_failures": failures,
        "hits_per_indicator": dict(sorted(hits.items())),
        "queue": queue,
    }
