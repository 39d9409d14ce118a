"""Verdicts move the score (D60): the pure recomputation, then the recorded changes on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.db import session_scope
from storage.models import HitRow, ReviewItem, Score
from storage.review import ReviewAction, ScoreAdjustment
from storage.review_ops import adjust_score, effective_score, hit_of, set_verdict
from storage.score_effect import VerdictScore, moved_score, verdict_score
from tests.web.conftest import HASHER
from tests.web.seed import seed

DIMS = [{"name": "服务态度", "max": 40, "score": 25, "deductions": 15},
        {"name": "业务规范", "max": 60, "score": 0, "deductions": 70}]


def _score(fatal: bool) -> tuple[Score, list[HitRow]]:
    hits = [HitRow(id=1, indicator="R10", dimension="服务态度", deduction=10, fatal=False),
            HitRow(id=2, indicator="R11", dimension="服务态度", deduction=5, fatal=False),
            HitRow(id=3, indicator="R20", dimension="业务规范", deduction=70, fatal=False),
            HitRow(id=4, indicator="R05", dimension=None, deduction=0, fatal=fatal)]
    return Score(score=0.0 if fatal else 25.0, fatal=fatal, dimensions=DIMS), hits


@pytest.mark.parametrize(("fatal", "dismissed", "expected"), [
    (False, set(), VerdictScore(25.0, False, 25.0)),
    (False, {1}, VerdictScore(35.0, False, 35.0)),
    (False, {1, 2}, VerdictScore(40.0, False, 40.0)),
    (False, {3}, VerdictScore(85.0, False, 85.0)),          # the floor at 0: 70 back on a 60-point dimension gives 60
    (True, {1}, VerdictScore(0.0, True, 35.0)),             # still fatal: total stays 0
    (True, {4}, VerdictScore(25.0, False, 25.0)),           # the fatal item dismissed: recomputed
    (True, {4, 1}, VerdictScore(35.0, False, 35.0)),
])
def test_verdict_score(fatal: bool, dismissed: set[int], expected: VerdictScore) -> None:
    score, hits = _score(fatal)
    assert verdict_score(score, hits, dismissed) == expected


@pytest.mark.parametrize(("current", "before", "after", "expected"), [
    (25.0, VerdictScore(25, False, 25), VerdictScore(35, False, 35), 35.0),
    (60.0, VerdictScore(25, False, 25), VerdictScore(35, False, 35), 70.0),   # on top of a manual score
    (95.0, VerdictScore(25, False, 25), VerdictScore(35, False, 35), 100.0),  # capped
    (35.0, VerdictScore(35, False, 35), VerdictScore(25, False, 25), 25.0),   # re-confirmed: points re-taken
    (30.0, VerdictScore(0, True, 25), VerdictScore(0, True, 35), 30.0),       # still fatal: nothing moves
    (30.0, VerdictScore(0, True, 25), VerdictScore(25, False, 25), 25.0),     # fatal lifted: recomputed
    (70.0, VerdictScore(25, False, 25), VerdictScore(0, True, 25), 0.0),      # fatal re-confirmed: zero
])
def test_moved_score(current: float, before: VerdictScore, after: VerdictScore, expected: float) -> None:
    assert moved_score(current, before, after) == expected


def _changes(db_url: str, item_id: int) -> list[tuple[str, float, float, str, str]]:
    with session_scope(db_url) as s:
        rows = s.scalars(select(ScoreAdjustment).where(ScoreAdjustment.review_item_id == item_id)
                         .order_by(ScoreAdjustment.id))
        return [(r.source, r.previous, r.adjusted, r.actor, r.reason) for r in rows]


def test_false_positive_returns_the_deduction_and_every_change_is_kept(db_url: str) -> None:
    data = seed(db_url, HASHER)
    item_id = data.other_items[0]  # one R12 hit, 5 points, automatic score 95
    with session_scope(db_url) as s:
        item = s.get_one(ReviewItem, item_id)
        hit = s.scalars(select(HitRow).where(HitRow.score_id == item.score_id)).one()
        set_verdict(s, item, hit, "false_positive", "系统确实故障", "qa1")
        assert effective_score(s, item) == 100.0
        adjust_score(s, item, 90, "服务用语欠妥", "qa1")
        set_verdict(s, item, hit, "confirmed", "重听后确认", "qa2")
        set_verdict(s, item, hit, "confirmed", "再次确认", "qa2")  # no change of state: no score change
        assert effective_score(s, item) == 85.0
        assert s.get_one(Score, item.score_id).score == 95.0  # the automatic score never changes
    assert _changes(db_url, item_id) == [
        ("verdict", 95.0, 100.0, "qa1", "R12 误报，退回扣分"),
        ("manual", 100.0, 90.0, "qa1", "服务用语欠妥"),
        ("verdict", 90.0, 85.0, "qa2", "R12 改判确认，恢复扣分"),
    ]
    with session_scope(db_url) as s:
        actions = s.scalars(select(ReviewAction.action).where(ReviewAction.review_item_id == item_id)
                            .order_by(ReviewAction.id)).all()
    assert actions == ["verdict", "verdict_score", "adjust_score", "verdict", "verdict_score", "verdict"]


def test_a_dismissed_fatal_item_recomputes_the_score(db_url: str) -> None:
    data = seed(db_url, HASHER)
    with session_scope(db_url) as s:
        item = s.get_one(ReviewItem, data.main_item)  # fatal R05, R10 (10 points), automatic score 0
        set_verdict(s, item, hit_of(s, item, data.hit_ids["R10"]), "false_positive", "", "qa1")
        assert effective_score(s, item) == 0.0  # still fatal
        set_verdict(s, item, hit_of(s, item, data.hit_ids["R05"]), "false_positive", "", "qa1")
        assert effective_score(s, item) == 100.0  # 40 + 60: R10's deduction given back too
        set_verdict(s, item, hit_of(s, item, data.hit_ids["R10"]), "confirmed", "", "qa1")
        assert effective_score(s, item) == 90.0
    assert [c[:3] for c in _changes(db_url, data.main_item)] == [("verdict", 0.0, 100.0), ("verdict", 100.0, 90.0)]
