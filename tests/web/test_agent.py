"""Agents in the loop (D64), on SQLite and PostgreSQL: an agent sees only their own scored calls, acknowledges
coaching notes, requests an appeal that the supervisor forwards (a regular 申诉 follows) or rejects."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from storage.agent_ops import AppealRequest, CoachingNote
from storage.db import session_scope
from storage.models import ReviewItem
from storage.review import Appeal
from tests.web.conftest import csrf_of, post
from tests.web.seed import RAW_VALUES, Seeded

Web = tuple[Callable[[str | None], TestClient], Seeded]


def _resolve_main(client_for: Callable[[str | None], TestClient], data: Seeded) -> None:
    qa = client_for("qa1")
    for ind in ("R10", "R31", "R05"):
        post(qa, f"/calls/{data.main_item}/verdict", hit_id=str(data.hit_ids[ind]), verdict="confirmed")
    post(qa, f"/calls/{data.main_item}/resolve", note="复核完毕")


def test_agent_sees_only_own_calls(web: Web, db_url: str) -> None:
    client_for, data = web
    agent = client_for("agent1")
    assert agent.get("/", follow_redirects=False).headers["location"] == "/me"
    mine = agent.get("/me").text
    assert "CALL-0001" in mine and "CALL-0002" not in mine and "CALL-0003" not in mine
    own = agent.get(f"/me/calls/{data.main_interaction}")
    assert own.status_code == 200 and "R05" in own.text and not [v for v in RAW_VALUES if v in own.text]
    with session_scope(db_url) as s:
        other = s.get_one(ReviewItem, data.other_items[0]).interaction_id
    assert agent.get(f"/me/calls/{other}").status_code == 404
    assert client_for("agent2").get(f"/me/calls/{data.main_interaction}").status_code == 404
    assert agent.get(f"/calls/{data.main_item}").status_code == 403


def test_coaching_note_acknowledged(web: Web, db_url: str) -> None:
    client_for, data = web
    page = post(client_for("sup1"), f"/calls/{data.main_item}/coaching", text="注意服务用语，不要推诿")
    assert "注意服务用语" in page and "坐席未确认" in page
    agent = client_for("agent1")
    assert "待确认" in agent.get("/me").text
    with session_scope(db_url) as s:
        note_id = s.scalars(select(CoachingNote.id)).one()
    other = client_for("agent2")
    assert other.post(f"/me/notes/{note_id}/ack", data={"csrf_token": csrf_of(other)}).status_code == 404
    shown = post(agent, f"/me/notes/{note_id}/ack")
    assert "已确认收到辅导意见" in shown and "已确认 " in shown
    assert "坐席已确认" in client_for("sup1").get(f"/calls/{data.main_item}").text


def test_appeal_request_forwarded_then_rejected(web: Web, db_url: str) -> None:
    client_for, data = web
    agent, sup = client_for("agent1"), client_for("sup1")
    early = post(agent, f"/me/calls/{data.main_interaction}/appeal", reason="我没有推诿", hit_id="")
    assert "只能对已完结、未终审的结果申诉" in early
    _resolve_main(client_for, data)
    post(agent, f"/me/calls/{data.main_interaction}/appeal", reason="我已转接，没有推诿",
         hit_id=str(data.hit_ids["R10"]))
    again = post(agent, f"/me/calls/{data.main_interaction}/appeal", reason="再来一次", hit_id="")
    assert "已有待主管处理的申诉请求" in again
    listing = sup.get("/agent-appeals").text
    assert "我已转接，没有推诿" in listing and "agent1" in listing
    with session_scope(db_url) as s:
        req_id = s.scalars(select(AppealRequest.id)).one()
    assert "已转为申诉" in post(sup, f"/agent-appeals/{req_id}/forward", reason="同意复查")
    with session_scope(db_url) as s:
        appeal = s.scalars(select(Appeal)).one()
        assert appeal.filed_by == "sup1" and appeal.hit_id == data.hit_ids["R10"]
        assert appeal.reason == "坐席 agent1 申诉：我已转接，没有推诿；主管意见：同意复查"
        assert s.get_one(ReviewItem, data.main_item).status == "appealed"
    assert "该申诉请求已处理" in post(sup, f"/agent-appeals/{req_id}/reject", reason="重复")
    assert "主管已转为申诉" in agent.get(f"/me/calls/{data.main_interaction}").text


def test_appeal_request_rejected_needs_a_reason(web: Web, db_url: str) -> None:
    client_for, data = web
    _resolve_main(client_for, data)
    agent, sup = client_for("agent1"), client_for("sup1")
    post(agent, f"/me/calls/{data.main_interaction}/appeal", reason="分数太低", hit_id="")
    with session_scope(db_url) as s:
        req_id = s.scalars(select(AppealRequest.id)).one()
    assert "驳回必须填写理由" in post(sup, f"/agent-appeals/{req_id}/reject", reason=" ")
    assert "已驳回" in post(sup, f"/agent-appeals/{req_id}/reject", reason="扣分依据充分")
    shown = agent.get(f"/me/calls/{data.main_interaction}").text
    assert "主管已驳回" in shown and "扣分依据充分" in shown
    with session_scope(db_url) as s:
        assert s.scalar(select(Appeal)) is None and s.get_one(ReviewItem, data.main_item).status == "resolved"


def test_users_add_agent_needs_agent_id(sqlite_url: str, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from callqa.cli import main
    from storage.review import User

    monkeypatch.setenv("CALLQA_NEW_PASSWORD", "long-enough-1")
    assert main(["users", "add", "sun", "--role", "agent", "--db", sqlite_url]) == 2
    assert main(["users", "add", "li", "--role", "qa", "--agent-id", "A1", "--db", sqlite_url]) == 2
    assert "--agent-id is required with --role agent and allowed only there" in capsys.readouterr().err
    assert main(["users", "add", "sun", "--role", "agent", "--agent-id", "A1001", "--db", sqlite_url]) == 0
    with session_scope(sqlite_url) as s:
        assert s.scalars(select(User.agent_id).where(User.username == "sun")).one() == "A1001"
