"""Verdict figures follow the reviewers during the day: a verdict given or changed after the night's
aggregates shows on the next report read (catch-up of the changed days), on both databases."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import session_scope
from storage.report_detail import verdicts
from storage.report_models import DailyVerdicts
from storage.report_queries import Period
from storage.review import HitVerdict
from storage.verdict_aggregates import refresh_verdict_day
from tests.web.conftest import HASHER
from tests.web.seed_reports import seed_reports


def test_verdicts_caught_up_after_the_night(db_url: str) -> None:
    s = seed_reports(db_url, HASHER)
    period = Period(s.since, s.until)
    with session_scope(db_url) as session:
        assert verdicts(session, period, "agent_id") == {"A007": (1, 1)}
        assert verdicts(session, period, "indicator") == {"R10": (1, 0), "R31": (0, 1)}
    with session_scope(db_url) as session:  # a reviewer works after the aggregates were built
        session.add(HitVerdict(hit_id=s.unflagged_hit, indicator="R12", verdict="false_positive", reviewer="qa1"))
        r31 = session.scalar(select(HitVerdict).where(HitVerdict.indicator == "R31"))
        assert r31 is not None
        r31.verdict = "confirmed"
    with session_scope(db_url) as session:
        assert verdicts(session, period, "agent_id") == {"A007": (2, 0), "A009": (0, 1)}
        assert verdicts(session, period, "indicator") == {"R10": (1, 0), "R31": (1, 0), "R12": (0, 1)}
        rows = session.scalars(select(DailyVerdicts)).all()
        assert sum(r.confirmed + r.dismissed for r in rows) == 3


def test_catch_up_recomputes_only_the_agents_touched(db_url: str) -> None:
    s = seed_reports(db_url, HASHER)
    period = Period(s.since, s.until)
    with session_scope(db_url) as session:
        assert verdicts(session, period, "agent_id") == {"A007": (1, 1)}
        day = session.scalars(select(DailyVerdicts.day).where(DailyVerdicts.agent_id == "A007")).first()
        assert day is not None
        refresh_verdict_day(session, day, {"A999"})  # another agent's refresh leaves A007's counts alone
        assert verdicts(session, period, "agent_id") == {"A007": (1, 1)}
        refresh_verdict_day(session, day, {"A007"})
        assert verdicts(session, period, "agent_id") == {"A007": (1, 1)}
