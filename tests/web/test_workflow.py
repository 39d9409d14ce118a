"""A review item from the queue to resolved, appeals to a final ruling, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from storage.db import session_scope
from storage.models import ReviewItem
from storage.review import Appeal, HitVerdict, ReviewAction, ReviewItemState
from tests.web.conftest import post
from tests.web.seed import Seeded

Web = tuple[Callable[[str | None], TestClient], Seeded]


def _actions(url: str, item_id: int) -> list[str]:
    with session_scope(url) as s:
        return list(s.scalars(select(ReviewAction.action).where(ReviewAction.review_item_id == item_id)
                              .order_by(ReviewAction.id)))


def _status(url: str, item_id: int) -> str:
    with session_scope(url) as s:
        return s.get_one(ReviewItem, item_id).status


def _work_to_resolved(qa: TestClient, data: Seeded) -> str:
    item = data.main_item
    post(qa, f"/queue/{item}/claim", back="/queue?")
    for ind, verdict in (("R10", "confirmed"), ("R31", "confirmed"), ("R05", "false_positive")):
        post(qa, f"/calls/{item}/verdict", hit_id=str(data.hit_ids[ind]), verdict=verdict, comment=f"{ind} 已听")
    post(qa, f"/calls/{item}/score", new_score="60", reason="致命项误报，按实际扣分")
    return post(qa, f"/calls/{item}/resolve", note="复核完毕")


def test_queue_to_resolved_records_every_action(web: Web, db_url: str) -> None:
    client_for, data = web
    qa = client_for("qa1")
    page = _work_to_resolved(qa, data)
    assert "已完结" in page and "60.0 分" in page
    assert _actions(db_url, data.main_item) == ["claim", "verdict", "verdict", "verdict", "verdict_score",
                                                "adjust_score", "resolve"]
    assert _status(db_url, data.main_item) == "resolved"
    for shown in ("领取", "命中结论", "R05 → 误报", "0.0 → 90.0 分：R05 致命项误报，重新计分",
                  "90.0 → 60.0 分：致命项误报，按实际扣分", "复核完毕", "qa1"):
        assert shown in page, shown


def test_resolve_refused_while_hits_lack_a_verdict(web: Web, db_url: str) -> None:
    client_for, data = web
    page = post(client_for("qa1"), f"/calls/{data.main_item}/resolve", note="")
    assert "还有命中未给出结论" in page
    assert _status(db_url, data.main_item) == "open"


def test_qa_cannot_work_an_item_assigned_to_someone_else(web: Web, db_url: str) -> None:
    client_for, data = web
    post(client_for("sup1"), f"/queue/{data.main_item}/assign", assignee="qa2", back="/queue?")
    page = post(client_for("qa1"), f"/calls/{data.main_item}/verdict", hit_id=str(data.hit_ids["R10"]),
                verdict="confirmed")
    assert "该条目已分派给 qa2" in page
    with session_scope(db_url) as s:
        assert s.scalar(select(HitVerdict)) is None


def test_appeal_accepted_on_a_hit_then_locked(web: Web, db_url: str) -> None:
    client_for, data = web
    _work_to_resolved(client_for("qa1"), data)
    sup, qa = client_for("sup1"), client_for("qa2")  # not the reviewer who resolved it
    post(sup, f"/calls/{data.main_item}/appeal", hit_id=str(data.hit_ids["R10"]), reason="坐席已转接，非推诿")
    assert _status(db_url, data.main_item) == "appealed"
    with session_scope(db_url) as s:
        appeal_id = s.scalars(select(Appeal.id)).one()
    post(qa, f"/appeals/{appeal_id}/recheck", note="重听录音，确有转接")
    page = post(qa, f"/appeals/{appeal_id}/rule", decision="accept", reason="确有转接", final="1")
    assert "申诉成立" in page and "已终审" in page
    assert _status(db_url, data.main_item) == "locked"
    with session_scope(db_url) as s:
        verdict = s.scalar(select(HitVerdict).where(HitVerdict.hit_id == data.hit_ids["R10"]))
        assert verdict is not None and verdict.verdict == "false_positive"
    assert "70.0 分" in page  # 60 + the hit's 10-point deduction given back
    again = post(sup, f"/calls/{data.main_item}/appeal", hit_id="", reason="再申诉")
    assert "只能对已完结、未终审的条目申诉" in again
    assert _actions(db_url, data.main_item)[-5:] == ["appeal_filed", "appeal_recheck", "appeal_verdict",
                                                     "verdict_score", "appeal_ruled"]


def test_appeal_rejected_without_final_can_be_appealed_again(web: Web, db_url: str) -> None:
    client_for, data = web
    _work_to_resolved(client_for("qa1"), data)
    sup, qa = client_for("sup1"), client_for("qa2")
    post(sup, f"/calls/{data.main_item}/appeal", hit_id="", reason="分数过低")
    with session_scope(db_url) as s:
        appeal_id = s.scalars(select(Appeal.id)).one()
    post(qa, f"/appeals/{appeal_id}/rule", decision="reject", reason="扣分依据充分")
    assert _status(db_url, data.main_item) == "resolved"
    assert "分数过低" in client_for("qa1").get("/appeals?status=rejected").text


def test_appeal_after_the_window_is_refused(web: Web, db_url: str) -> None:
    client_for, data = web
    _work_to_resolved(client_for("qa1"), data)
    with session_scope(db_url) as s:
        state = s.get_one(ReviewItemState, data.main_item)
        state.resolved_at = datetime.now(UTC) - timedelta(days=8)
    page = post(client_for("sup1"), f"/calls/{data.main_item}/appeal", hit_id="", reason="迟到的申诉")
    assert "已超过申诉期限" in page
    assert _status(db_url, data.main_item) == "resolved"


def test_personal_data_typed_into_notes_is_redacted_before_storage(web: Web, db_url: str) -> None:
    client_for, data = web
    qa = client_for("qa1")
    page = post(qa, f"/calls/{data.main_item}/verdict", hit_id=str(data.hit_ids["R10"]), verdict="confirmed",
                comment="客户又留了手机号13912345678，请回电")
    assert "13912345678" not in page and "〔手机号〕" in page
    with session_scope(db_url) as s:
        stored = s.scalars(select(HitVerdict.comment)).one()
        details = s.scalars(select(ReviewAction.detail)).all()
    assert "13912345678" not in stored and all("13912345678" not in str(d) for d in details)


def test_assign_only_to_active_reviewers(web: Web, db_url: str) -> None:
    client_for, data = web
    sup = client_for("sup1")
    for nobody in ("comp1", "ghost"):
        page = post(sup, f"/queue/{data.main_item}/assign", assignee=nobody, back="/queue?")
        assert "只能分派给在职的质检员、主管或管理员" in page
    post(sup, f"/queue/{data.main_item}/assign", assignee="qa2", back="/queue?")
    with session_scope(db_url) as s:
        assert s.get_one(ReviewItem, data.main_item).assignee == "qa2"


def test_the_resolving_reviewer_does_not_rule_on_the_appeal(web: Web, db_url: str) -> None:
    client_for, data = web
    qa1 = client_for("qa1")
    _work_to_resolved(qa1, data)
    post(client_for("sup1"), f"/calls/{data.main_item}/appeal", hit_id="", reason="分数过低")
    with session_scope(db_url) as s:
        appeal_id = s.scalars(select(Appeal.id)).one()
    assert "本条由您复核完结" in qa1.get(f"/calls/{data.main_item}").text
    page = post(qa1, f"/appeals/{appeal_id}/rule", decision="accept", reason="我同意", final="1")
    assert "原复核人不能裁决" in page and _status(db_url, data.main_item) == "appealed"
    post(client_for("admin1"), f"/appeals/{appeal_id}/rule", decision="reject", reason="维持原判")
    assert _status(db_url, data.main_item) == "resolved"
