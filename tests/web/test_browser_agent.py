"""The agent view in a real headless Chromium (same harness as test_browser.py): a supervisor leaves a coaching
note, the agent lands on their own results, acknowledges the note and requests an appeal, the supervisor
forwards it."""

from __future__ import annotations

import os
from pathlib import Path

from storage.db import session_scope
from storage.models import ReviewItem
from storage.review_ops import hit_of, resolve, set_verdict
from tests.web.seed import Seeded
from tests.web.test_browser import DOCS_SHOTS, _no_raw_values, _session, browser, expect_text, server  # noqa: F401
from tests.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks


def _resolve_main(url: str, data: Seeded) -> None:
    with session_scope(url) as s:
        item = s.get_one(ReviewItem, data.main_item)
        for ind in ("R10", "R31", "R05"):
            set_verdict(s, item, hit_of(s, item, data.hit_ids[ind]), "confirmed", "", "qa1")
        resolve(s, item, "复核完毕", "qa1")


def test_agent_view_coaching_and_appeal_request(server: tuple[str, Seeded], browser: object,  # noqa: F811
                                                module_db: str, tmp_path: Path) -> None:
    shots = DOCS_SHOTS if os.environ.get("CALLQA_UPDATE_SCREENSHOTS") == "1" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    base, data = server
    _resolve_main(module_db, data)
    sup = _session(browser, base, "sup1")
    sup.goto(f"{base}/calls/{data.main_item}")
    sup.get_by_label("给坐席的辅导意见").fill("注意服务用语，先受理再转接")
    sup.get_by_role("button", name="添加").click()
    expect_text(sup, "坐席未确认")

    agent = _session(browser, base, "agent1")
    assert agent.url.endswith("/me")
    table = agent.locator("table").inner_text()
    assert "CALL-0001" in table and "CALL-0002" not in table and "待确认" in table
    agent.get_by_role("link", name="CALL-0001").click()
    expect_text(agent, "注意服务用语，先受理再转接")
    _no_raw_values(agent)
    agent.get_by_role("button", name="确认收到").click()
    expect_text(agent, "已确认收到辅导意见")
    agent.get_by_label("对象").select_option(label="R10 推诿客户")
    agent.get_by_label("理由").fill("我已转接，没有推诿")
    agent.get_by_role("button", name="提交申诉请求").click()
    expect_text(agent, "待主管处理")
    agent.screenshot(path=str(shots / "agent-call.png"), full_page=True)

    sup.goto(f"{base}/agent-appeals")
    row = sup.locator("tr", has_text="我已转接，没有推诿")
    row.get_by_placeholder("主管意见（可选）").fill("同意复查")
    row.get_by_role("button", name="转为申诉").click()
    expect_text(sup, "已转为申诉")
    sup.goto(f"{base}/calls/{data.main_item}")
    expect_text(sup, "坐席已确认")
    expect_text(sup, "坐席 agent1 申诉：我已转接，没有推诿；主管意见：同意复查")
    agent.reload()
    expect_text(agent, "主管已转为申诉")
    sup.context.close()
    agent.context.close()
