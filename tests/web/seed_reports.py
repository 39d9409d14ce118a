"""Report and search data on top of ``tests.web.seed``: two scored calls that are NOT flagged (one with a
hit), an agent → team mapping, two verdicts, and the daily aggregates rebuilt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from common.beijing import beijing_day, day_bounds
from common.keys import KeyedHasher
from storage.aggregates import rebuild
from storage.db import session_scope
from storage.models import HitRow, Interaction, Run, Score
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


def _beijing_noon_today() -> datetime:
    """The seeds' clock: noon of today in Beijing, so that "a day and two hours ago" is yesterday in Beijing at
    any hour the tests run (near Beijing midnight, ``now`` itself would move calls across the range's edge)."""
    return day_bounds(beijing_day(datetime.now(UTC)))[0] + timedelta(hours=12)


def seed_reports(url: str, hasher: KeyedHasher) -> ReportSeed:
    base = seed(url, hasher)
    now = _beijing_noon_today()
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


def seed_volume(url: str, calls: int = 120) -> None:
    """More scored calls over the last seven days for the screenshots (scores, hits and teams vary; no
    transcripts), then the aggregates rebuilt."""
    now = _beijing_noon_today()
    indicators = (("R10", "推诿客户", "yellow", "服务态度"), ("R12", "推脱系统原因", "blue", "业务规范"),
                  ("R31", "客户投诉倾向", "red", None))
    with session_scope(url) as session:
        session.add_all(Agent(agent_id=f"A1{n:02d}", name=f"坐席{n}", team=f"{'三四五'[n % 3]}组", supervisor="周主管")
                        for n in range(12))
        for n in range(calls):
            inter = Interaction(call_id=f"VOL-{n:04d}", content_sha256=f"{n:064d}", kind="transcript",
                                channel="phone", source_name="vol.json", state="scored", agent_id=f"A1{n % 12:02d}",
                                queue=("credit_card", "loans", "billing")[n % 3],
                                started_at=now - timedelta(days=1 + n % 7, hours=n % 5))
            session.add(inter)
            session.flush()
            picked = [indicators[k] for k in range(3) if (n * (k + 3)) % (7 + k) == 0]
            score = Score(interaction_id=inter.id, rubric_id="default", rubric_version="1", rubric_hash="h-vol",
                          score=100.0 - 7 * len(picked) - n % 9, flagged=bool(picked), dimensions=OTHER_DIMENSIONS,
                          severity=picked[0][2] if picked else None, fatal=n % 29 == 0)
            score.hits = [HitRow(indicator=i, title=t, severity=sev, dimension=d, deduction=5, segments=[],
                                 evidence="", reason=t) for i, t, sev, d in picked]
            session.add(score)
        session.flush()
        rebuild(session)
