"""The supervisor review queue: flagged calls by severity and due time.

Due times follow indicators.md: red 1 h, yellow 4 h, blue 24 h after the queue opens. The queue
opens at ``opens_at`` local time (default 09:00 Asia/Shanghai); an item created during working
hours counts from its creation. High-sensitivity customers (≥2 escalation hits in 90 days) get
priority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import HitRow, Interaction, ReviewItem, Score
from storage.states import InteractionState

SLA_HOURS = {"red": 1, "yellow": 4, "blue": 24}
SEVERITY_RANK = {"red": 1, "yellow": 2, "blue": 3}


@dataclass(frozen=True)
class QueueSettings:
    timezone: str = "Asia/Shanghai"
    opens_at: time = time(9, 0)
    closes_at: time = time(18, 0)
    escalation_indicator: str = "R31"
    high_sensitivity_min_hits: int = 2
    high_sensitivity_window_days: int = 90


def queue_opening(now: datetime, settings: QueueSettings) -> datetime:
    """When the review clock starts for an item created at ``now`` (aware)."""
    tz = ZoneInfo(settings.timezone)
    local = now.astimezone(tz)
    if settings.opens_at <= local.time() < settings.closes_at:
        return now
    day = local.date() if local.time() < settings.opens_at else local.date() + timedelta(days=1)
    return datetime.combine(day, settings.opens_at, tzinfo=tz)


def due_at(severity: str, now: datetime, settings: QueueSettings) -> datetime:
    return (queue_opening(now, settings) + timedelta(hours=SLA_HOURS[severity])).astimezone(UTC)


def is_high_sensitivity(session: Session, customer_hash: str | None, now: datetime, settings: QueueSettings) -> bool:
    """≥ N escalation hits (R31 by default) for this customer within the window, this call included."""
    if not customer_hash:
        return False
    since = now - timedelta(days=settings.high_sensitivity_window_days)
    if session.get_bind().dialect.name == "sqlite":  # SQLite stores naive UTC
        since = since.astimezone(UTC).replace(tzinfo=None)
    stmt = (select(func.count(HitRow.id)).join(Score, HitRow.score_id == Score.id)
            .join(Interaction, Score.interaction_id == Interaction.id)
            .where(Interaction.customer_hash == customer_hash, HitRow.indicator == settings.escalation_indicator,
                   Score.created_at >= since))
    return (session.scalar(stmt) or 0) >= settings.high_sensitivity_min_hits


def enqueue(session: Session, interaction: Interaction, score: Score, *, now: datetime,
            settings: QueueSettings, flush: bool = True) -> ReviewItem | None:
    """Create the review item for a flagged or calibration-sampled call, once. Sets the terminal state.
    ``flush=False`` leaves the new item to the next flush (re-scoring writes a batch's items together)."""
    if not (score.flagged or score.calibration):
        interaction.state = InteractionState.DONE
        return None
    existing = session.scalar(select(ReviewItem).where(ReviewItem.interaction_id == interaction.id))
    if existing is not None:
        interaction.state = InteractionState.QUEUED
        return existing
    severity = score.severity or "blue"
    high = is_high_sensitivity(session, interaction.customer_hash, now, settings)
    priority = SEVERITY_RANK[severity] * 10 - (5 if high else 0) + (1 if not score.flagged else 0)
    reasons = list(score.flag_reasons) or ["抽检样本（校准）"]
    item = ReviewItem(interaction_id=interaction.id, score_id=score.id, severity=severity, priority=priority,
                      high_sensitivity=high, calibration=score.calibration and not score.flagged,
                      due_at=due_at(severity, now, settings), reasons=reasons)
    session.add(item)
    interaction.state = InteractionState.QUEUED
    if flush:
        session.flush()
    return item


def enqueue_sample(session: Session, interaction: Interaction, score: Score, *, plan: str, reason: str,
                   now: datetime, settings: QueueSettings) -> ReviewItem:
    """A review item for an unflagged call picked by a sampling plan (``storage.sampling``): blue, after
    flagged blue items, marked with the plan's name."""
    item = ReviewItem(interaction_id=interaction.id, score_id=score.id, severity="blue",
                      priority=SEVERITY_RANK["blue"] * 10 + 2, high_sensitivity=False, calibration=False,
                      due_at=due_at("blue", now, settings), reasons=[reason], sample_plan=plan)
    session.add(item)
    interaction.state = InteractionState.QUEUED
    session.flush()
    return item


def list_queue(session: Session, *, status: str | None = "open", run_id: int | None = None) -> list[dict[str, Any]]:
    """Review items, most urgent first: priority, then due time. ``run_id``: only items created from that
    run's scores (the night's queue)."""
    stmt = (select(ReviewItem, Interaction, Score)
            .join(Interaction, ReviewItem.interaction_id == Interaction.id)
            .join(Score, ReviewItem.score_id == Score.id)
            .order_by(ReviewItem.priority, ReviewItem.due_at, Interaction.call_id))
    if status:
        stmt = stmt.where(ReviewItem.status == status)
    if run_id is not None:
        stmt = stmt.where(Score.run_id == run_id)
    out = []
    for item, inter, score in session.execute(stmt):
        due = item.due_at if item.due_at.tzinfo else item.due_at.replace(tzinfo=UTC)
        out.append({
            "call_id": inter.call_id, "severity": item.severity, "priority": item.priority,
            "due_at": due.isoformat(), "status": item.status, "high_sensitivity": item.high_sensitivity,
            "calibration": item.calibration, "sample_plan": item.sample_plan, "score": score.score,
            "fatal": score.fatal,
            "unscorable": score.unscorable,
            "agent_id": inter.agent_id, "queue": inter.queue, "reasons": list(item.reasons),
            "hits": [
                {"indicator": h.indicator, "title": h.title, "severity": h.severity, "segments": list(h.segments),
                 "evidence": h.evidence, "reason": h.reason, "matches": h.matches, "by_sound": h.by_sound}
                for h in score.hits
            ],
        })
    return out
