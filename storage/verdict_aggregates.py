"""Daily verdict aggregates: confirmed / dismissed hits per Beijing day × agent × indicator (D126).

Verdicts change during the day, after the night's aggregates, so besides the nightly refresh of a day
(``storage.aggregates``) every report read first catches up: the days of the calls whose verdicts changed
since the mark are recomputed whole. The mark is the database clock at the previous catch-up; changes are
read from ``OVERLAP`` before it, so a verdict written by a transaction that began before that catch-up but
committed after it is not skipped (recomputing a day is idempotent).
A verdict removed with its hit (rescoring) is dropped from the figures at the next refresh of that day.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.beijing import as_utc, beijing_day, day_bounds
from storage.models import HitRow, Interaction, Score
from storage.report_models import DailyVerdicts, RefreshMark
from storage.review import HitVerdict

MARK = "verdicts"
OVERLAP = timedelta(minutes=10)


def _count(verdict: str) -> Any:
    return func.sum(case((HitVerdict.verdict == verdict, 1), else_=0))


def refresh_verdict_day(session: Session, day: date, agents: Collection[str] | None = None) -> None:
    """Recompute one Beijing day's verdict counts: for every agent, or only for ``agents`` ("" = no agent)."""
    start, end = day_bounds(day)
    agent = func.coalesce(Interaction.agent_id, "")
    only = [agent.in_(sorted(agents))] if agents is not None else []
    stmt = (select(agent.label("agent_id"), HitVerdict.indicator.label("indicator"),
                   _count("confirmed").label("confirmed"), _count("false_positive").label("dismissed"))
            .select_from(Interaction).join(Score, Score.interaction_id == Interaction.id)
            .join(HitRow, HitRow.score_id == Score.id).join(HitVerdict, HitVerdict.hit_id == HitRow.id)
            .where(Interaction.started_at >= start, Interaction.started_at < end, *only)
            .group_by(agent, HitVerdict.indicator))
    rows = [dict(r._mapping) | {"day": day} for r in session.execute(stmt)]
    stale = delete(DailyVerdicts).where(DailyVerdicts.day == day)
    session.execute(stale.where(DailyVerdicts.agent_id.in_(sorted(agents))) if agents is not None else stale)
    if rows:
        session.execute(insert(DailyVerdicts), [r | {k: int(r[k] or 0) for k in ("confirmed", "dismissed")}
                                                for r in rows])


def catch_up(session: Session) -> int:
    """Recompute the days of verdicts changed since the mark; returns how many days. Two readers catching up
    at once: the second one's insert may collide with the first's and is dropped (the first did the work)."""
    mark = session.get(RefreshMark, MARK)
    clock = session.scalar(select(func.now()))  # the database's clock, which also sets updated_at
    checked = as_utc(clock) if isinstance(clock, datetime) else datetime.now(UTC)
    since = (mark.at - OVERLAP) if mark else datetime(1970, 1, 1, tzinfo=UTC)
    changed = (select(Interaction.started_at, func.coalesce(Interaction.agent_id, "")).distinct()
               .select_from(HitVerdict)
               .join(HitRow, HitRow.id == HitVerdict.hit_id).join(Score, Score.id == HitRow.score_id)
               .join(Interaction, Interaction.id == Score.interaction_id)
               .where(HitVerdict.updated_at > since, Interaction.started_at.is_not(None)))
    touched: dict[date, set[str]] = {}
    for started, agent in session.execute(changed):
        touched.setdefault(beijing_day(started), set()).add(str(agent))
    try:
        with session.begin_nested():
            for day in sorted(touched):  # only the agents whose calls' verdicts changed: a day stays cheap
                refresh_verdict_day(session, day, touched[day])
            session.merge(RefreshMark(name=MARK, at=checked))
    except IntegrityError:
        return 0
    return len(touched)
