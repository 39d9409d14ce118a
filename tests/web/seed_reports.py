"""Report and search data on top of ``tests.web.seed``: two scored calls that are NOT flagged (one with a
hit), an agent → team mapping, two verdicts, and the daily aggregates rebuilt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from common.beijing import beijing_day
from common.keys import KeyedHasher
from storage.aggregates import rebuild
from storage.db import session_scope
from storage.models import HitRow, Run, Score
from storage.report_models import Agent
from storage.review import HitVerdict
from tests.web.seed import OTHER_DIMENSIONS, Seeded, _call, seed

PHRASE = "分期还款"
"""Only in the unflagged call's transcript (four characters: the FTS5 trigram path on SQLite)."""
UNFLAGGED_LINES = (("agent", 0.5, "您好，请问有什么可以帮您"), ("customer", 2.0, f"我想办理{PHRASE}，利息怎么算"),
                   ("agent", 5.0, "好的，我帮您查一下"))
TEAMS = {"A007": "一组", "A008": "一组", "A009": "二组"}


@dataclass(frozen=True)
class ReportSeed:
    base: Seeded
    unflagged: int
    unflagged_hit: int
    since: date
    until: date


def seed_reports(url: str, hasher: KeyedHasher) -> ReportSeed:
    base = seed(url, hasher)
    now = datetime.now(UTC)
    with session_scope(url) as session:
        run = Run(inbox="inbox", code_version="test", status="finished", versions={})
        session.add(run)
        session.flush()
        quiet, _ = _call(session, hasher, "CALL-0101", UNFLAGGED_LINES, agent="A007", queue="credit_card",
                         started=now - timedelta(days=1, hours=2), run_id=run.id)
        quiet.state = "scored"
        session.add(Score(interaction_id=quiet.id, rubric_id="default", rubric_version="1", rubric_hash="h-q",
                          score=100.0, flagged=False, severity=None, dimensions=OTHER_DIMENSIONS))
        blue, tr = _call(session, hasher, "CALL-0102", UNFLAGGED_LINES[:1] + UNFLAGGED_LINES[2:], agent="A009",
                         queue="loans", started=now - timedelta(days=1, hours=3), run_id=run.id)
        blue.state = "scored"
        row = Score(interaction_id=blue.id, rubric_id="default", rubric_version="1", rubric_hash="h-b",
                    score=97.0, flagged=False, severity="blue", dimensions=OTHER_DIMENSIONS)
        row.hits = [HitRow(indicator="R12", title="推脱系统原因", severity="blue", dimension="业务规范", deduction=3,
                           segments=[1], evidence=tr.segments[1].text, reason="以系统原因搪塞客户")]
        session.add(row)
        session.add_all(Agent(agent_id=a, name=f"坐席{a}", team=t, supervisor="周主管") for a, t in TEAMS.items())
        session.add_all([HitVerdict(hit_id=base.hit_ids["R10"], indicator="R10", verdict="confirmed", reviewer="qa1"),
                         HitVerdict(hit_id=base.hit_ids["R31"], indicator="R31", verdict="false_positive",
                                    reviewer="qa1")])
        session.flush()
        hit_id = row.hits[0].id
        rebuild(session)
    today = beijing_day(now)
    return ReportSeed(base, quiet.id, hit_id, today - timedelta(days=7), today)
