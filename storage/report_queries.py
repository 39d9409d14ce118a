"""The one query layer over the daily aggregate tables, serving the CLI and the pages (issue 16).

Every report is a list of typed rows for inclusive Beijing days ``since`` .. ``until``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.report_models import Agent, DailyHits, DailyStat

NO_TEAM = "未分组"


@dataclass(frozen=True)
class Period:
    since: date
    until: date


@dataclass(frozen=True)
class GroupRow:
    """Figures of one group (the whole period, an agent, a team, a queue or a day)."""

    key: str
    received: int
    scored: int
    quarantined: int
    calls: int
    avg_score: float | None
    min_score: float | None
    pass_rate: float | None
    flagged: int
    fatal: int
    red: int
    yellow: int
    blue: int
    queued: int
    hits: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_SUMS = ("received", "scored", "quarantined", "passed", "flagged", "fatal", "red", "yellow", "blue", "queued")


def _in(period: Period) -> Any:
    return DailyStat.day.between(period.since, period.until)


def _row(key: str, v: dict[str, Any], hits: int) -> GroupRow:
    scored = int(v["scored"] or 0)
    return GroupRow(
        key=key, received=int(v["received"] or 0), scored=scored, quarantined=int(v["quarantined"] or 0),
        calls=scored, avg_score=round(v["score_sum"] / scored, 2) if scored else None,
        min_score=v["score_min"], pass_rate=round(int(v["passed"]) / scored, 4) if scored else None,
        **{k: int(v[k] or 0) for k in ("flagged", "fatal", "red", "yellow", "blue", "queued")}, hits=hits)


def _keyed(model: Any, column: str, *cols: Any) -> Any:
    """``select(key, *cols)`` over ``model``; teams come from the agent mapping (unmapped → 未分组)."""
    if column == "team":
        team = func.coalesce(Agent.team, NO_TEAM)
        return select(team.label("key"), *cols).outerjoin(Agent, Agent.agent_id == model.agent_id), team
    key: Any = getattr(model, column) if column else func.min("")
    return select(key.label("key"), *cols), (key if column else None)


def grouped(session: Session, period: Period, column: str, *, agent: str | None = None) -> list[GroupRow]:
    """Rows grouped by ``agent_id``, ``team``, ``queue``, ``channel`` or ``day`` (``""`` = whole period);
    ``agent`` keeps one agent's calls only (the scorecard)."""
    cols = [func.sum(getattr(DailyStat, k)).label(k) for k in _SUMS]
    stmt, key = _keyed(DailyStat, column, *cols, func.sum(DailyStat.score_sum).label("score_sum"),
                       func.min(DailyStat.score_min).label("score_min"))
    stmt = stmt.where(_in(period), *([DailyStat.agent_id == agent] if agent is not None else []))
    hstmt, hkey = _keyed(DailyHits, column, func.sum(DailyHits.hits))
    hstmt = hstmt.where(DailyHits.day.between(period.since, period.until),
                        *([DailyHits.agent_id == agent] if agent is not None else []))
    if key is not None:
        stmt, hstmt = stmt.group_by(key).order_by(key), hstmt.group_by(hkey)
    hits = {str(k): int(n or 0) for k, n in session.execute(hstmt)}
    return [_row(str(r.key), r._asdict(), hits.get(str(r.key), 0))
            for r in session.execute(stmt) if r.received]


def overview(session: Session, period: Period) -> GroupRow | None:
    rows = grouped(session, period, "")
    return rows[0] if rows else None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    dimension: str
    hits: int


def indicators(session: Session, period: Period, *, agent: str | None = None) -> list[IndicatorRow]:
    """Hits per indicator over the period, most hits first."""
    stmt = (select(DailyHits.indicator, func.min(DailyHits.dimension), func.sum(DailyHits.hits))
            .where(DailyHits.day.between(period.since, period.until),
                   *([DailyHits.agent_id == agent] if agent is not None else []))
            .group_by(DailyHits.indicator).order_by(func.sum(DailyHits.hits).desc(), DailyHits.indicator))
    return [IndicatorRow(i, d, int(n)) for i, d, n in session.execute(stmt)]


def agent_teams(session: Session) -> dict[str, str]:
    """agent_id → team from the imported mapping."""
    return dict(session.execute(select(Agent.agent_id, Agent.team)).tuples().all())
