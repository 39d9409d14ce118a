"""Review steps called directly (no HTTP): the claim race and auto-close of proven rules, on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.db import session_scope
from storage.models import HitRow, ReviewItem
from storage.review import HitVerdict, ReviewAction, RuleSetting
from storage.review_auto import AUTO_ACTOR, apply_auto_close, switch_auto_close
from storage.review_ops import ReviewError, claim, set_verdict
from tests.web.conftest import HASHER
from tests.web.seed import seed


def test_two_reviewers_claiming_at_once_one_wins(db_url: str) -> None:
    data = seed(db_url, HASHER)
    with session_scope(db_url) as first:
        stale = first.get_one(ReviewItem, data.main_item)  # qa1 has the page open: unassigned
        assert stale.assignee is None
        with session_scope(db_url) as second:
            claim(second, second.get_one(ReviewItem, data.main_item), "qa2")
        with pytest.raises(ReviewError, match="该条目已由 qa2 领取"):
            claim(first, stale, "qa1")
    with session_scope(db_url) as s:
        assert s.get_one(ReviewItem, data.main_item).assignee == "qa2"
        claims = s.scalars(select(ReviewAction.actor).where(ReviewAction.action == "claim")).all()
        assert claims == ["qa2"]


def _prove(db_url: str, indicator: str) -> None:
    """Ten confirmed verdicts on extra hits of the main call make ``indicator`` a proven rule."""
    with session_scope(db_url) as s:
        item = s.scalars(select(ReviewItem).order_by(ReviewItem.id).limit(1)).one()
        for _ in range(10):
            hit = HitRow(score_id=item.score_id, indicator=indicator, title="推脱系统原因", severity="yellow",
                         evidence="…", reason="测试", segments=[], matches=[])
            s.add(hit)
            s.flush()
            s.add(HitVerdict(hit_id=hit.id, indicator=indicator, verdict="confirmed", reviewer="qa1"))


def _status(db_url: str, item_id: int) -> tuple[str, str | None]:
    with session_scope(db_url) as s:
        item = s.get_one(ReviewItem, item_id)
        return item.status, item.assignee


def test_auto_close_confirms_and_resolves_only_fully_automatic_unassigned_items(db_url: str) -> None:
    data = seed(db_url, HASHER)
    _prove(db_url, "R12")
    claimed, untouched = data.other_items
    with session_scope(db_url) as s:
        claim(s, s.get_one(ReviewItem, claimed), "qa1")
    with session_scope(db_url) as s:
        with pytest.raises(ReviewError, match="只有已复核"):
            switch_auto_close(s, "R31", True, "sup1")
        assert switch_auto_close(s, "R12", True, "sup1") == 2
    assert _status(db_url, untouched) == ("resolved", None)  # nothing left for a person
    assert _status(db_url, claimed) == ("open", "qa1")  # someone is working it: only the hit is confirmed
    assert _status(db_url, data.main_item)[0] == "open"  # its other hits still need a verdict
    with session_scope(db_url) as s:
        actions = s.scalars(select(ReviewAction.action).where(ReviewAction.review_item_id == untouched)
                            .order_by(ReviewAction.id)).all()
        assert actions == ["auto_close", "resolve"]
        assert apply_auto_close(s) == 0  # idempotent


def test_items_arriving_later_are_closed_before_the_queue_is_listed(db_url: str) -> None:
    data = seed(db_url, HASHER)
    with session_scope(db_url) as s:  # switched on earlier, before these items arrived
        s.add(RuleSetting(indicator="R12", auto_close=True, updated_by="sup1"))
    with session_scope(db_url) as s:
        assert apply_auto_close(s) == 2
        verdicts = s.scalars(select(HitVerdict).where(HitVerdict.indicator == "R12")).all()
        assert {v.reviewer for v in verdicts} == {AUTO_ACTOR} and {v.verdict for v in verdicts} == {"confirmed"}
    assert [_status(db_url, i)[0] for i in data.other_items] == ["resolved", "resolved"]


def test_a_human_verdict_keeps_the_item_for_a_person(db_url: str) -> None:
    data = seed(db_url, HASHER)
    with session_scope(db_url) as s:
        item = s.get_one(ReviewItem, data.main_item)
        for ind in ("R10", "R31"):
            set_verdict(s, item, s.get_one(HitRow, data.hit_ids[ind]), "confirmed", "", "qa1")
        s.add(RuleSetting(indicator="R05", auto_close=True, updated_by="sup1"))
    with session_scope(db_url) as s:
        assert apply_auto_close(s) == 1
    assert _status(db_url, data.main_item) == ("open", None)
