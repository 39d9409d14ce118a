"""Report figures beyond the daily counters (issue 16 pages and CLI): hits per dimension, verdict outcomes,
review backlog, indicator hit rates per day, and the agents table with its trend vs the previous period.

The backlog is read from the review tables (open items are few); verdicts come from the daily verdict
aggregates, caught up on every read (``storage.verdict_aggregates``); everything else from the daily
aggregates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from common.beijing import day_bounds
from storage.models import Interaction, ReviewItem
from storage.report_models import DailyHits, DailyVerdicts
from storage.report_queries import NO_TEAM, GroupRow, Period, agent_teams, grouped
from storage.verdict_aggregates import catch_up

NO_DIMENSION = "无维度"
"""Hits of indicators that belong to no scoring dimension (red-line and customer-side indicators)."""


def previous(period: Period) -> Period:
    """The period of the same length just before ``period``."""
    days = (period.until - period.since).days + 1
    return Period(period.since - timedelta(days=days), period.since - timedelta(days=1))


def _calls_in(period: Period) -> Any:
    start, end = day_bounds(period.since, period.until)
    return and_(Interaction.started_at >= start, Interaction.started_at < end)


def backlog(session: Session, period: Period, now: datetime) -> tuple[int, int]:
    """(open review items, of which overdue) among the calls of the period."""
    overdue = case((ReviewItem.due_at < now, 1), else_=0)
    stmt = (select(func.count(ReviewItem.id), func.sum(overdue)).join(Interaction, Interaction.id ==
                                                                      ReviewItem.interaction_id)
            .where(ReviewItem.status == "open", _calls_in(period)))
    n, late = session.execute(stmt).one()
    return int(n or 0), int(late or 0)


def verdicts(session: Session, period: Period, by: str) -> dict[str, tuple[int, int]]:
    """key → (confirmed, dismissed as 误报) for hits of the period's calls; ``by``: ``agent_id`` or
    ``indicator``. From the daily verdict aggregates, caught up with the verdicts changed since (D126)."""
    catch_up(session)
    key = DailyVerdicts.agent_id if by == "agent_id" else DailyVerdicts.indicator
    stmt = (select(key, func.sum(DailyVerdicts.confirmed), func.sum(DailyVerdicts.dismissed))
            .where(DailyVerdicts.day.between(period.since, period.until)).group_by(key))
    return {str(k or ""): (int(c or 0), int(d or 0)) for k, c, d in session.execute(stmt)}


def dimension_hits(session: Session, period: Period) -> dict[str, dict[str, int]]:
    """agent_id → {dimension: hits} over the period."""
    stmt = (select(DailyHits.agent_id, DailyHits.dimension, func.sum(DailyHits.hits))
            .where(DailyHits.day.between(period.since, period.until))
            .group_by(DailyHits.agent_id, DailyHits.dimension).order_by(DailyHits.dimension))
    out: dict[str, dict[str, int]] = {}
    for agent, dim, n in session.execute(stmt):
        out.setdefault(str(agent), {})[str(dim or NO_DIMENSION)] = int(n or 0)
    return out


def indicator_days(session: Session, period: Period, *, agent: str | None = None) -> dict[str, dict[date, int]]:
    """indicator → {day: hits}."""
    stmt = (select(DailyHits.indicator, DailyHits.day, func.sum(DailyHits.hits))
            .where(DailyHits.day.between(period.since, period.until),
                   *([DailyHits.agent_id == agent] if agent is not None else []))
            .group_by(DailyHits.indicator, DailyHits.day))
    out: dict[str, dict[date, int]] = {}
    for ind, day, n in session.execute(stmt):
        out.setdefault(str(ind), {})[day] = int(n or 0)
    return out


@dataclass(frozen=True)
class AgentRow:
    """One line of the agents table (page and ``callqa report agents``)."""

    agent_id: str
    team: str
    figures: GroupRow
    hits_by_dimension: dict[str, int] = field(default_factory=dict)
    confirmed: int = 0
    dismissed: int = 0
    prev_avg_score: float | None = None

    @property
    def avg_change(self) -> float | None:
        a, b = self.figures.avg_score, self.prev_avg_score
        return round(a - b, 2) if a is not None and b is not None else None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self.figures)
        d.pop("key")
        return {"agent_id": self.agent_id, "team": self.team} | d | {
            "hits_by_dimension": self.hits_by_dimension, "confirmed": self.confirmed, "dismissed": self.dismissed,
            "prev_avg_score": self.prev_avg_score, "avg_score_change": self.avg_change}


def agent_rows(session: Session, period: Period) -> list[AgentRow]:
    teams = agent_teams(session)
    dims = dimension_hits(session, period)
    outcome = verdicts(session, period, "agent_id")
    before = {r.key: r.avg_score for r in grouped(session, previous(period), "agent_id")}
    return [AgentRow(r.key, teams.get(r.key, NO_TEAM), r, dims.get(r.key, {}), *outcome.get(r.key, (0, 0)),
                     prev_avg_score=before.get(r.key)) for r in grouped(session, period, "agent_id")]


def overview_row(session: Session, period: Period, now: datetime) -> dict[str, Any] | None:
    """The 质检大盘 figures: the period's counters, coverage and rates, and the review backlog."""
    rows = grouped(session, period, "")
    if not rows:
        return None
    r = rows[0]
    open_items, overdue = backlog(session, period, now)
    d = r.as_dict()
    d.pop("key")

    def rate(n: int) -> float | None:
        return round(n / r.scored, 4) if r.scored else None

    return {"since": period.since.isoformat(), "until": period.until.isoformat()} | d | {
        "coverage": round(r.scored / r.received, 4) if r.received else None, "flagged_rate": rate(r.flagged),
        "review_open": open_items, "review_overdue": overdue}
