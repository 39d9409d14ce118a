"""Run records and the run summary (counts, quarantine, hits per indicator, the queue)."""

from __future__ import annotations

import logging
import os
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from callqa import __version__
from storage import claims
from storage.db import session_scope
from storage.models import HitRow, Interaction, QuarantineRecord, RedactionEvent, Run, Score
from storage.queue import list_queue

log = logging.getLogger("callqa.progress")

if TYPE_CHECKING:
    from transcripts.redaction.engine import Redactor


def start_run(db_url: str, inbox: str, versions: dict[str, Any], stale_after: timedelta) -> int:
    """Record a new run; first mark ``interrupted`` every run whose heartbeat is older than ``stale_after``
    (killed: it will never finish its record)."""
    now = datetime.now(UTC)
    with session_scope(db_url) as session:
        for old in claims.interrupt_stale(session, now=now, stale_after=stale_after):
            log.warning("run %d stopped beating: marked interrupted; its items are finished by this run", old)
        run = Run(inbox=inbox, code_version=__version__, versions=versions, status="running", heartbeat_at=now,
                  worker=f"{socket.gethostname()}:{os.getpid()}"[:96])
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
    """That night's figures (this run's items, hits, queue items and quarantines — not all-time totals), for
    the summary, the exit status and the Prefect artifact: JSON-safe and free of raw personal data."""
    with session_scope(db_url) as session:
        states: dict[str, int] = {str(state): int(n) for state, n in session.execute(
            select(Interaction.state, func.count()).where(Interaction.call_id.in_(processed))
            .group_by(Interaction.state))} if processed else {}
        quarantined = [
            {"file": q.file_name, "call_id": q.call_id, "stage": q.stage, "reason_code": q.reason_code,
             "reason": q.message}
            for q in session.scalars(select(QuarantineRecord).where(QuarantineRecord.run_id == run_id))
        ]
        hits = Counter(session.scalars(select(HitRow.indicator).join(Score, HitRow.score_id == Score.id)
                                       .where(Score.run_id == run_id)))
        queue = list_queue(session, status=None, run_id=run_id)
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
