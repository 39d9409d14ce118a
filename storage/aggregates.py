"""Daily aggregate update: recompute the report rows of the Beijing days a night touched (issue 16, D51).

A day is always recomputed whole from the raw rows (delete, then insert), so re-running a night, a
re-scored call or a late verdict never double-counts; ``rebuild`` does every day that has calls.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, distinct, select
from sqlalchemy.orm import Session

from common.beijing import beijing_day, day_bounds
from storage.models import HitRow, Interaction, ReviewItem, Score
from storage.report_models import COUNTS, DailyHits, DailyStat

PASS_SCORE = 60.0
"""A call passes (合格) with no fatal item and a score at or above this (the rubrics' default pass_score)."""


@dataclass
class _Acc:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    score_sum: float = 0.0
    score_min: float | None = None


def _key(inter: Interaction) -> tuple[date, str, str, str]:
    assert inter.started_at is not None
    return beijing_day(inter.started_at), inter.agent_id or "", inter.queue or "", inter.channel or ""


def _add_score(acc: _Acc, score: Score, queued: bool, pass_score: float) -> None:
    c = acc.counts
    c["scored"] += 1
    c["passed"] += int(not score.fatal and score.score >= pass_score)
    c["flagged"] += int(score.flagged)
    c["fatal"] += int(score.fatal)
    if score.severity in ("red", "yellow", "blue"):
        c[score.severity] += 1
    c["queued"] += int(queued)
    acc.score_sum += score.score
    acc.score_min = score.score if acc.score_min is None else min(acc.score_min, score.score)


def refresh_days(session: Session, days: Iterable[date], *, pass_score: float = PASS_SCORE) -> int:
    """Recompute the aggregate rows of each given Beijing day; returns the number of calls counted."""
    total = 0
    for day in sorted(set(days)):
        total += _refresh_day(session, day, pass_score)
    return total


def _latest_scores(session: Session, ids: list[int]) -> dict[int, Score]:
    latest: dict[int, Score] = {}
    for chunk in (ids[i:i + 5000] for i in range(0, len(ids), 5000)):
        for score in session.scalars(select(Score).where(Score.interaction_id.in_(chunk)).order_by(Score.id)):
            latest[score.interaction_id] = score  # the newest score of a call counts
    return latest


def _refresh_day(session: Session, day: date, pass_score: float) -> int:
    start, end = day_bounds(day)
    inters = list(session.scalars(select(Interaction).where(Interaction.started_at >= start,
                                                            Interaction.started_at < end)))
    ids = [i.id for i in inters]
    scores = _latest_scores(session, ids)
    queued = set(session.scalars(select(ReviewItem.interaction_id).where(ReviewItem.interaction_id.in_(ids)))) \
        if ids else set()
    accs: dict[tuple[date, str, str, str], _Acc] = defaultdict(_Acc)
    hits: dict[tuple[Any, ...], list[Any]] = {}
    by_score = {s.id: i for i, s in scores.items()}
    keys = {i.id: _key(i) for i in inters}
    for inter in inters:
        acc = accs[keys[inter.id]]
        acc.counts["received"] += 1
        acc.counts["quarantined"] += int(inter.state == "failed")
        if inter.id in scores:
            _add_score(acc, scores[inter.id], inter.id in queued, pass_score)
    if by_score:
        for hit in session.scalars(select(HitRow).where(HitRow.score_id.in_(list(by_score)))):
            k = (*keys[by_score[hit.score_id]], hit.indicator)
            hits.setdefault(k, [hit.dimension or "", 0])[1] += 1
    session.execute(delete(DailyStat).where(DailyStat.day == day))
    session.execute(delete(DailyHits).where(DailyHits.day == day))
    session.add_all(DailyStat(day=k[0], agent_id=k[1], queue=k[2], channel=k[3], score_sum=a.score_sum,
                              score_min=a.score_min, **a.counts) for k, a in accs.items())
    session.add_all(DailyHits(day=k[0], agent_id=k[1], queue=k[2], channel=k[3], indicator=k[4],
                              dimension=dim, hits=n) for k, (dim, n) in hits.items())
    session.flush()
    return len(inters)


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
