"""Read-side queries for the review workbench: one queue page with filters, counts, rule quality.

Pagination and filtering happen in SQL so that a queue of 10,000 items costs one page of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, case, distinct, exists, func, select
from sqlalchemy.orm import Session

from common.beijing import day_bounds
from storage.models import HitRow, Interaction, ReviewItem, Score
from storage.review import HitVerdict, RuleSetting

AUTO_CLOSE_MIN_REVIEWED = 10
AUTO_CLOSE_MIN_PRECISION = 0.9


@dataclass(frozen=True)
class QueueFilter:
    """All optional; ``day`` is the call's local (Asia/Shanghai) date."""

    day: date | None = None
    queue: str | None = None
    agent: str | None = None
    indicator: str | None = None
    severity: str | None = None
    status: str | None = "open"
    high_sensitivity: bool = False
    assignee: str | None = None


def _filtered(session: Session, stmt: Select[Any], f: QueueFilter) -> Select[Any]:
    stmt = stmt.join(Interaction, ReviewItem.interaction_id == Interaction.id)
    if f.status:
        stmt = stmt.where(ReviewItem.status == f.status)
    if f.severity:
        stmt = stmt.where(ReviewItem.severity == f.severity)
    if f.queue:
        stmt = stmt.where(Interaction.queue == f.queue)
    if f.agent:
        stmt = stmt.where(Interaction.agent_id == f.agent)
    if f.high_sensitivity:
        stmt = stmt.where(ReviewItem.high_sensitivity.is_(True))
    if f.assignee:
        stmt = stmt.where(ReviewItem.assignee == f.assignee)
    if f.indicator:
        stmt = stmt.where(exists().where(HitRow.score_id == ReviewItem.score_id, HitRow.indicator == f.indicator))
    if f.day:
        start, end = day_bounds(f.day)
        stmt = stmt.where(Interaction.started_at >= start, Interaction.started_at < end)
    return stmt


def queue_page(session: Session, f: QueueFilter, *, page: int, per_page: int) -> tuple[list[dict[str, Any]], int]:
    """One page of items, most urgent first (priority encodes severity), then due time; and the total."""
    total = int(session.scalar(_filtered(session, select(func.count(ReviewItem.id)), f)) or 0)
    stmt = (_filtered(session, select(ReviewItem, Interaction.call_id, Interaction.agent_id, Interaction.queue,
                                      Interaction.started_at, Score.score, Score.unscorable), f)
            .join(Score, ReviewItem.score_id == Score.id)
            .order_by(ReviewItem.priority, ReviewItem.due_at, ReviewItem.id)
            .limit(per_page).offset((page - 1) * per_page))
    rows = [{"item": item, "call_id": call_id, "agent_id": agent, "queue": queue, "started_at": started,
             "score": score, "unscorable": unscorable}
            for item, call_id, agent, queue, started, score, unscorable in session.execute(stmt)]
    return rows, total


def next_unassigned(session: Session, f: QueueFilter, *, skip: tuple[int, ...] = ()) -> ReviewItem | None:
    """The most urgent open, unassigned item matching ``f`` (its status and assignee are ignored)."""
    f = QueueFilter(day=f.day, queue=f.queue, agent=f.agent, indicator=f.indicator, severity=f.severity,
                    status="open", high_sensitivity=f.high_sensitivity)
    stmt = (_filtered(session, select(ReviewItem), f).where(ReviewItem.assignee.is_(None), ReviewItem.id.not_in(skip))
            .order_by(ReviewItem.priority, ReviewItem.due_at, ReviewItem.id).limit(1))
    return session.scalar(stmt)


def queue_counts(session: Session, *, now: datetime, user: str) -> dict[str, int]:
    """Counts over open items for the header: per severity, overdue, high sensitivity, unassigned, mine."""
    stmt = select(
        func.count(ReviewItem.id),
        func.sum(case((ReviewItem.severity == "red", 1), else_=0)),
        func.sum(case((ReviewItem.severity == "yellow", 1), else_=0)),
        func.sum(case((ReviewItem.severity == "blue", 1), else_=0)),
        func.sum(case((ReviewItem.due_at < now, 1), else_=0)),
        func.sum(case((ReviewItem.high_sensitivity.is_(True), 1), else_=0)),
        func.sum(case((ReviewItem.assignee.is_(None), 1), else_=0)),
        func.sum(case((ReviewItem.assignee == user, 1), else_=0)),
    ).where(ReviewItem.status == "open")
    row = session.execute(stmt).one()
    keys = ("open", "red", "yellow", "blue", "overdue", "high_sensitivity", "unassigned", "mine")
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


def filter_choices(session: Session) -> dict[str, list[str]]:
    """Distinct queues, agents and indicators present in the review queue, for the filter menus."""
    base = select(Interaction).join(ReviewItem, ReviewItem.interaction_id == Interaction.id).subquery()
    queues = session.scalars(select(distinct(base.c.queue)).where(base.c.queue.is_not(None)).order_by(base.c.queue))
    agents = session.scalars(select(distinct(base.c.agent_id)).where(base.c.agent_id.is_not(None))
                             .order_by(base.c.agent_id))
    indicators = session.scalars(select(distinct(HitRow.indicator)).order_by(HitRow.indicator))
    return {"queues": [q for q in queues if q], "agents": [a for a in agents if a], "indicators": list(indicators)}


@dataclass(frozen=True)
class RuleStat:
    indicator: str
    title: str
    hits: int
    calls_hit: int
    calls_scored: int
    reviewed: int
    confirmed: int
    auto_close: bool

    @property
    def hit_rate(self) -> float:
        return self.calls_hit / self.calls_scored if self.calls_scored else 0.0

    @property
    def precision(self) -> float | None:
        """Confirmed / all reviewed; None before any verdict."""
        return self.confirmed / self.reviewed if self.reviewed else None

    @property
    def proven(self) -> bool:
        p = self.precision
        return self.reviewed >= AUTO_CLOSE_MIN_REVIEWED and p is not None and p >= AUTO_CLOSE_MIN_PRECISION


def rule_quality(session: Session) -> list[RuleStat]:
    scored = int(session.scalar(select(func.count(Score.id))) or 0)
    hit_stmt = (select(HitRow.indicator, func.max(HitRow.title), func.count(HitRow.id),
                       func.count(distinct(HitRow.score_id)))
                .group_by(HitRow.indicator))
    verdicts = {ind: (int(n), int(c or 0)) for ind, n, c in session.execute(
        select(HitVerdict.indicator, func.count(HitVerdict.id),
               func.sum(case((HitVerdict.verdict == "confirmed", 1), else_=0))).group_by(HitVerdict.indicator))}
    switches = dict(session.execute(select(RuleSetting.indicator, RuleSetting.auto_close)).tuples().all())
    out = []
    for ind, title, hits, calls in session.execute(hit_stmt.order_by(HitRow.indicator)):
        reviewed, confirmed = verdicts.get(ind, (0, 0))
        out.append(RuleStat(ind, title, int(hits), int(calls), scored, reviewed, confirmed,
                            bool(switches.get(ind, False))))
    return out


def open_unreviewed_hits(session: Session, indicators: list[str]) -> list[tuple[ReviewItem, HitRow]]:
    """Hits of these indicators on open items that have no verdict yet (what auto-close confirms)."""
    stmt = (select(ReviewItem, HitRow).join(HitRow, HitRow.score_id == ReviewItem.score_id)
            .outerjoin(HitVerdict, HitVerdict.hit_id == HitRow.id)
            .where(and_(ReviewItem.status == "open", HitRow.indicator.in_(indicators), HitVerdict.id.is_(None)))
            .order_by(ReviewItem.id, HitRow.id))
    return [(item, hit) for item, hit in session.execute(stmt).tuples()]
