"""Daily aggregates against a hand-computed data set (issue 16): exact figures, idempotent refresh."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from storage.aggregates import rebuild, refresh_days
from storage.db import session_scope
from storage.interactions import register
from storage.models import HitRow, ReviewItem, Score
from storage.report_queries import Period, grouped, indicators, overview

CST = timezone(timedelta(hours=8))
DAY = date(2026, 11, 21)

# call, agent, queue, Beijing start, score (None = quarantined), fatal, flagged/severity, hits
CALLS = [
    ("C1", "A1", "q1", datetime(2026, 11, 21, 9, 0, tzinfo=CST), 90.0, False, None, ()),
    ("C2", "A1", "q1", datetime(2026, 11, 21, 17, 30, tzinfo=CST), 50.0, False, "yellow", ("R01", "R02")),
    ("C3", "A2", "q2", datetime(2026, 11, 21, 23, 59, tzinfo=CST), 0.0, True, "red", ("R28",)),
    ("C4", "A2", "q2", datetime(2026, 11, 21, 11, 0, tzinfo=CST), None, False, None, ()),
    ("C5", "A2", "q1", datetime(2026, 11, 22, 0, 1, tzinfo=CST), 80.0, False, "blue", ("R01",)),
]


def _load(url: str) -> None:
    with session_scope(url) as s:
        for call_id, agent, queue, started, value, fatal, severity, hits in CALLS:
            inter = register(s, call_id=call_id, content_sha256=call_id.ljust(64, "0"), kind="audio",
                             source_name=f"{call_id}.wav", run_id=None).interaction
            assert inter is not None
            inter.agent_id, inter.queue, inter.started_at, inter.channel = agent, queue, started, "phone"
            if value is None:
                inter.state = "failed"
                continue
            score = Score(interaction_id=inter.id, rubric_id="d", rubric_version="1", rubric_hash="h" * 64,
                          score=value, fatal=fatal, flagged=severity is not None, severity=severity)
            score.hits = [HitRow(indicator=h, title="t", severity=severity or "blue", dimension="合规",
                                 segments=[0], evidence="e", reason="r") for h in hits]
            s.add(score)
            s.flush()
            if severity in ("red", "yellow"):
                s.add(ReviewItem(interaction_id=inter.id, score_id=score.id, severity=severity, priority=1,
                                 due_at=started))


def test_hand_computed_figures(db_url: str) -> None:
    _load(db_url)
    with session_scope(db_url) as s:
        assert rebuild(s) == 5
        rebuild(s)  # recomputing never double-counts
    with session_scope(db_url) as s:
        day = overview(s, Period(DAY, DAY))
        assert day is not None
        assert (day.received, day.scored, day.quarantined, day.calls) == (4, 3, 1, 3)
        assert (day.avg_score, day.min_score, day.pass_rate) == (46.67, 0.0, 0.3333)
        assert (day.flagged, day.fatal, day.red, day.yellow, day.blue, day.queued, day.hits) == (2, 1, 1, 1, 0, 2, 3)
        agents = {r.key: r for r in grouped(s, Period(DAY, DAY + timedelta(days=1)), "agent_id")}
        a1, a2 = agents["A1"], agents["A2"]
        assert (a1.calls, a1.avg_score, a1.pass_rate, a1.hits) == (2, 70.0, 0.5, 2)
        assert (a2.calls, a2.avg_score, a2.min_score, a2.hits) == (2, 40.0, 0.0, 2)
        days = [(r.key, r.received) for r in grouped(s, Period(DAY, DAY + timedelta(days=1)), "day")]
        assert days == [("2026-11-21", 4), ("2026-11-22", 1)]
        assert [(i.indicator, i.hits) for i in indicators(s, Period(DAY, DAY + timedelta(days=1)))] == [
            ("R01", 2), ("R02", 1), ("R28", 1)]


def test_refresh_of_one_day_leaves_others(db_url: str) -> None:
    _load(db_url)
    with session_scope(db_url) as s:
        assert refresh_days(s, [DAY]) == 4
    with session_scope(db_url) as s:
        assert overview(s, Period(DAY + timedelta(days=1), DAY + timedelta(days=1))) is None
        assert grouped(s, Period(DAY, DAY), "queue")[0].key == "q1"


def test_night_markdown_figures(db_url: str) -> None:
    from callqa.pipeline.reports import night_markdown

    _load(db_url)
    with session_scope(db_url) as s:
        rebuild(s)
    text = night_markdown(db_url, [DAY])
    assert "| 接收通话 | 4 |" in text and "| 已评分（覆盖率） | 3（75.0%） |" in text
    assert "| 平均分 | 46.67 |" in text and "- R01（合规）：1 次" in text
