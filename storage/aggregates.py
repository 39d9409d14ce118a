"""Daily aggregate update: recompute the report rows of the Beijing days a night touched (issue 16, D51).

A day is always recomputed whole from the raw rows (delete, then insert), so re-running a night, a
re-scored call or a late verdict never double-counts; ``rebuild`` does every day that has calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, case, delete, distinct, exists, func, insert, select
from sqlalchemy.orm import Session, aliased

from common.beijing import beijing_day, day_bounds
from storage.models import HitRow, Interaction, ReviewItem, Score
from storage.report_models import COUNTS, DailyHits, DailyStat
from storage.verdict_aggregates import refresh_verdict_day

PASS_SCORE = 60.0
"""A call passes (合格) with no fatal item and a score at or above this (the rubrics' default pass_score)."""


def refresh_days(session: Session, days: Iterable[date], *, pass_score: float = PASS_SCORE) -> int:
    """Recompute the aggregate rows of each given Beijing day; returns the number of calls counted."""
    total = 0
    for day in sorted(set(days)):
        total += _refresh_day(session, day, pass_score)
    return total


def _latest(score: Any) -> Any:
    """The newest score of a call counts (no newer score row of the same interaction)."""
    newer = aliased(Score)
    return ~exists().where(newer.interaction_id == score.interaction_id, newer.id > score.id)


def _key_columns() -> list[Any]:
    return [func.coalesce(Interaction.agent_id, "").label("agent_id"), func.coalesce(Interaction.queue, "")
            .label("queue"), func.coalesce(Interaction.channel, "").label("channel")]


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _stat_rows(session: Session, start: Any, end: Any, pass_score: float) -> list[dict[str, Any]]:
    """One grouped query in the database: counters per agent × queue × channel of the calls in [start, end)."""
    keys = _key_columns()
    scored = Score.id.is_not(None)
    stmt = (select(*keys, func.count(Interaction.id).label("received"),
                   _count(Interaction.state == "failed").label("quarantined"),
                   func.count(Score.id).label("scored"),
                   _count(and_(scored, Score.fatal.is_(False), Score.score >= pass_score)).label("passed"),
                   _count(Score.flagged.is_(True)).label("flagged"), _count(Score.fatal.is_(True)).label("fatal"),
                   *(_count(Score.severity == sev).label(sev) for sev in ("red", "yellow", "blue")),
                   _count(and_(scored, ReviewItem.id.is_not(None))).label("queued"),
                   func.coalesce(func.sum(Score.score), 0.0).label("score_sum"),
                   func.min(Score.score).label("score_min"))
            .select_from(Interaction).outerjoin(Score, and_(Score.interaction_id == Interaction.id, _latest(Score)))
            .outerjoin(ReviewItem, ReviewItem.interaction_id == Interaction.id)
            .where(Interaction.started_at >= start, Interaction.started_at < end)
            .group_by(*keys))
    return [dict(r._mapping) for r in session.execute(stmt)]


def _hit_rows(session: Session, start: Any, end: Any) -> list[dict[str, Any]]:
    keys = _key_columns()
    dimension = func.min(func.coalesce(HitRow.dimension, "")).label("dimension")
    stmt = (select(*keys, HitRow.indicator.label("indicator"), dimension, func.count(HitRow.id).label("hits"))
            .select_from(Interaction).join(Score, and_(Score.interaction_id == Interaction.id, _latest(Score)))
            .join(HitRow, HitRow.score_id == Score.id)
            .where(Interaction.started_at >= start, Interaction.started_at < end)
            .group_by(*keys, HitRow.indicator))
    return [dict(r._mapping) for r in session.execute(stmt)]


def _refresh_day(session: Session, day: date, pass_score: float) -> int:
    start, end = day_bounds(day)
    stats = _stat_rows(session, start, end, pass_score)
    hits = _hit_rows(session, start, end)
    session.execute(delete(DailyStat).where(DailyStat.day == day))
    session.execute(delete(DailyHits).where(DailyHits.day == day))
    for row in stats:
        row.update({k: int(row[k] or 0) for k in COUNTS}, day=day, score_sum=float(row["score_sum"] or 0.0))
    if stats:
        session.execute(insert(DailyStat), stats)
    if hits:
        session.execute(insert(DailyHits), [h | {"day": day} for h in hits])
    refresh_verdict_day(session, day)
    session.flush()
    return sum(r["received"] for r in stats)


def days_of_run(session: Session, run_id: int) -> set[date]:
    """The Beijing days of the calls a run touched (what the nightly update refreshes)."""
    times = session.scalars(select(distinct(Interaction.started_at)).where(Interaction.last_run_id == run_id,
                                                                           Interaction.started_at.is_not(None)))
    return {beijing_day(t) for t in times if t is not None}


def update_for_run(session: Session, run_id: int) -> int:
    """The nightly flow's incremental update: refresh the days of this run's calls."""
    return refresh_days(session, days_of_run(session, run_id))


def rebuild(session: Session) -> int:
    """Recompute every day that has calls (``callqa report rebuild``)."""
    times = session.scalars(select(distinct(Interaction.started_at)).where(Interaction.started_at.is_not(None)))
    return refresh_days(session, {beijing_day(t) for t in times if t is not None})
