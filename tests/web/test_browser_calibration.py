"""Calibration in a real headless Chromium (harness of test_browser.py): a second QA specialist reviews a
resolved call blind, and the supervisor reads κ on the rules-quality page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from callqa.web import create_app
from callqa.web.settings import WebSettings
from storage.db import session_scope
from storage.models import ReviewItem
from storage.review_ops import hit_of, resolve, set_verdict
from tests.web.conftest import HASHER
from tests.web.live_server import serving
from tests.web.seed import Seeded, seed
from tests.web.test_browser import _no_raw_values, _session, browser, expect_text  # noqa: F401
from tests.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks


@pytest.fixture(scope="module")
def calibration_server(module_db: str) -> Iterator[tuple[str, Seeded]]:
    data = seed(module_db, HASHER)
    with session_scope(module_db) as s:
        item = s.get_one(ReviewItem, data.main_item)
        for ind, verdict in (("R10", "confirmed"), ("R31", "confirmed"), ("R05", "false_positive")):
            set_verdict(s, item, hit_of(s, item, data.hit_ids[ind]), verdict, "", "qa1")
        resolve(s, item, "", "qa1")
    with serving(create_app(module_db, WebSettings(secret_key="e2e", calibration_share=1.0))) as base:
        yield base, data


def test_blind_review_then_kappa(calibration_server: tuple[str, Seeded], browser: object) -> None:  # noqa: F811
    base, data = calibration_server
    qa = _session(browser, base, "qa2")
    qa.get_by_role("link", name="校准复核").click()
    qa.get_by_role("link", name="CALL-0001").click()
    _no_raw_values(qa)
    assert "结论：" not in qa.locator("body").inner_text()  # the first verdicts stay hidden
    for ind, verdict in (("R10", "确认"), ("R31", "确认"), ("R05", "确认")):
        qa.locator(f"#cal-hit-{data.hit_ids[ind]}").get_by_label(verdict).check()
    qa.get_by_role("button", name="提交校准结论").click()
    expect_text(qa, "校准复核已提交")
    expect_text(qa, "暂无校准任务")
    sup = _session(browser, base, "sup1")
    sup.goto(f"{base}/rules")
    assert sup.locator("#rule-R10 td.kappa").inner_text() == "1.00（1 对）"
    assert sup.locator("#rule-R05 td.kappa").inner_text() == "0.00（1 对）"  # 误报 first, 确认 blind
    qa.context.close()
    sup.context.close()
