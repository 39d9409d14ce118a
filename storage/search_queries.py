"""Search over every scored interaction, flagged or not (the 检索 page, and the calls behind every figure).

A call's newest score counts, as in the daily aggregates (``storage.aggregates``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from common.beijing import day_bounds
from storage.aggregates import PASS_SCORE
from storage.models import HitRow, Interaction, ReviewItem, Score, SegmentRow
from storage.report_models import Agent
from storage.report_queries import NO_TEAM
from storage.review import HitVerdict
from storage.search_index import segment_condition

COUNT_CAP = 1_000
"""Totals above this show as "1000+" (an exact count of a broad search would scan the whole range)."""


@dataclass(frozen=True)
class SearchFilter:
    """Every field optional; dates are inclusive Beijing days of the call's start."""

    since: date | None = None
    until: date | None = None
    agent: str | None = None
    team: str | None = None
    queue: str | None = None
    channel: str | None = None
    indicator: str | None = None
    severity: str | None = None
    score_min: float | None = None
    score_max: float | None = None
    flagged: bool | None = None
    fatal: bool | None = None
    passed: bool | None = None
    verdict: str | None = None
    text: str | None = None

    def query(self) -> dict[str, str]:
        """The filter as URL parameters (what the figure links and the pager carry)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and value != "":
                out[f.name] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out


@dataclass(frozen=True)
class SearchRow:
    interaction_id: int
    call_id: str
    started_at: datetime | None
    agent_id: str | None
    queue: str | None
    channel: str
    score: float
    severity: str | None
    flagged: bool
    fatal: bool
    review_item_id: int | None
    indicators: tuple[str, ...] = ()
    snippet: str | None = None


def _latest() -> Any:
    """No newer score of the same call (an anti-join: the planner estimates it well, unlike ``= max(id)``)."""
    newer = aliased(Score)
    return ~exists().where(newer.interaction_id == Interaction.id, newer.id > Score.id)


def _team(team: str) -> Any:
    mapped = select(Agent.agent_id).where(Agent.team == team)
    if team == NO_TEAM:
        return or_(Interaction.agent_id.is_(None), Interaction.agent_id.not_in(select(Agent.agent_id)))
    return Interaction.agent_id.in_(mapped)


def _conditions(session: Session, f: SearchFilter) -> list[Any]:
    c: list[Any] = [_latest()]
    if f.since or f.until:
        start, end = day_bounds(f.since or date(1970, 1, 1), f.until or date(2999, 12, 31))
        c += [Interaction.started_at >= start, Interaction.started_at < end]
    for column, value in ((Interaction.agent_id, f.agent), (Interaction.queue, f.queue),
                          (Interaction.channel, f.channel), (Score.severity, f.severity)):
        if value:
            c.append(column == value)
    if f.team:
        c.append(_team(f.team))
    c += [Score.score >= f.score_min] if f.score_min is not None else []
    c += [Score.score <= f.score_max] if f.score_max is not None else []
    c += [Score.flagged.is_(f.flagged)] if f.flagged is not None else []
    c += [Score.fatal.is_(f.fatal)] if f.fatal is not None else []
    if f.passed is not None:
        ok = and_(Score.fatal.is_(False), Score.score >= PASS_SCORE)
        c.append(ok if f.passed else ~ok)
    if f.indicator and not f.verdict:
        c.append(exists().where(HitRow.score_id == Score.id, HitRow.indicator == f.indicator))
    if f.verdict:
        hit = [HitRow.score_id == Score.id, HitVerdict.hit_id == HitRow.id, HitVerdict.verdict == f.verdict]
        c.append(exists().where(*hit, *([HitRow.indicator == f.indicator] if f.indicator else [])))
    if f.text and f.text.strip():
        c.append(exists().where(SegmentRow.interaction_id == Interaction.id, segment_condition(session, f.text)))
    return c


def _base(session: Session, f: SearchFilter) -> Select[Any]:
    return select(Interaction, Score).join(Score, Score.interaction_id == Interaction.id) \
        .where(*_conditions(session, f))


def count(session: Session, f: SearchFilter) -> int:
    """Matching calls, counted up to ``COUNT_CAP + 1``."""
    capped = _base(session, f).with_only_columns(Interaction.id).limit(COUNT_CAP + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(capped)) or 0)


def search(session: Session, f: SearchFilter, *, page: int = 1, per_page: int = 50) -> list[SearchRow]:
    """One page of matching calls, newest first, with their hit indicators and (for text) a snippet."""
    stmt = (_base(session, f).order_by(Interaction.started_at.desc(), Interaction.id.desc())
            .offset((page - 1) * per_page).limit(per_page))
    found = session.execute(stmt).tuples().all()
    score_ids = [s.id for _, s in found]
    items = dict(session.execute(select(ReviewItem.interaction_id, ReviewItem.id)
                                 .where(ReviewItem.interaction_id.in_([i.id for i, _ in found]))).tuples().all())
    hits: dict[int, list[str]] = {}
    for sid, ind in session.execute(select(HitRow.score_id, HitRow.indicator).where(HitRow.score_id.in_(score_ids))
                                    .order_by(HitRow.id)):
        hits.setdefault(sid, []).append(ind)
    snippets = _snippets(session, [i.id for i, _ in found], f.text) if f.text and f.text.strip() else {}
    return [SearchRow(i.id, i.call_id, i.started_at, i.agent_id, i.queue, i.channel, s.score, s.severity,
                      s.flagged, s.fatal, items.get(i.id), tuple(dict.fromkeys(hits.get(s.id, []))), snippets.get(i.id))
            for i, s in found]


def _snippets(session: Session, ids: list[int], phrase: str) -> dict[int, str]:
    """The first redacted sentence of each call that contains the phrase."""
    stmt = (select(SegmentRow.interaction_id, SegmentRow.text)
            .where(SegmentRow.interaction_id.in_(ids), segment_condition(session, phrase))
            .order_by(SegmentRow.interaction_id, SegmentRow.idx))
    out: dict[int, str] = {}
    for iid, text in session.execute(stmt):
        out.setdefault(int(iid), str(text))
    return out
