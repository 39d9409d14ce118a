"""The re-score diff in a real headless Chromium (harness of test_browser.py): a QA manager opens the preview from
规则质量, reads what the newly published rubric version would change per indicator, and applies it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from callqa.web import create_app
from tests.web.conftest import web_settings
from tests.web.live_server import serving
from tests.web.rescore_support import calls_with_v2_published
from tests.web.test_browser import DOCS_SHOTS, _session, browser, expect_text  # noqa: F401
from tests.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks


@pytest.fixture(scope="module")
def rescore_server(module_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    calls_with_v2_published(module_db, tmp_path_factory.mktemp("rubric"))
    with serving(create_app(module_db, web_settings(secret_key="e2e"))) as base:
        yield base


def test_preview_and_apply_rescore(rescore_server: str, browser: object, tmp_path: Path) -> None:  # noqa: F811
    shots = DOCS_SHOTS if os.environ.get("CALLQA_UPDATE_SCREENSHOTS") == "1" else tmp_path
    sup = _session(browser, rescore_server, "sup1")
    sup.get_by_role("link", name="规则质量").click()
    sup.get_by_role("link", name="重新评分预览").click()
    sup.get_by_label("开始日期").fill("2026-11-21")
    sup.get_by_label("结束日期").fill("2026-11-21")
    sup.get_by_role("button", name="预览变化").click()
    expect_text(sup, "将重新评分 3 通")
    row = sup.locator("#diff-A2 td")
    assert row.all_inner_texts() == ["A2", "1", "C-NEW", "1", "C-GONE"]
    assert sup.locator("#newly-flagged").inner_text() == "1" and sup.locator("#unflagged").inner_text() == "1"
    sup.screenshot(path=str(shots / "rescore-diff.png"), full_page=True)
    sup.get_by_role("button", name="应用重新评分（3 通）").click()
    expect_text(sup, "已重新评分 3 通：新增标记 1 通，取消标记 1 通")
    expect_text(sup, "没有需要重新评分的通话")
    assert sup.locator("#rescore-apply").count() == 0
    sup.context.close()
