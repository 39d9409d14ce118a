"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright): each role logs in,
an item goes from the queue to resolved, an appeal is filed and ruled, the compliance log is opened.
Screenshots of the main pages are written to a temporary folder, or to docs/screenshots/ (the README's
pictures) with ``CALLQA_UPDATE_SCREENSHOTS=1`` — a test run never modifies tracked files by itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from callqa.web import create_app
from storage.db import session_scope
from storage.models import Interaction
from tests.web.conftest import HASHER, anchor_now, web_settings
from tests.web.live_server import serving
from tests.web.seed import PASSWORD, RAW_VALUES, Seeded, seed

CHROMIUM = Path("/usr/bin/chromium")
DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = ["--headless", "--lang=zh-CN", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium "
                                                     "(apt-get install chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (in .[dev])")


def _redacted_copy(media: Path, call_id: str) -> Path | None:
    """A 25-second stand-in for the pipeline's redacted recording (a quiet tone, Opus in Ogg)."""
    if not shutil.which("ffmpeg"):
        return None
    path = media / f"{call_id}.redacted.ogg"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=300:duration=25",
                    "-af", "volume=0.05", "-c:a", "libopus", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def server(module_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded]]:
    data = seed(module_db, HASHER)
    media = tmp_path_factory.mktemp("media")
    audio = _redacted_copy(media, "CALL-0001")
    with session_scope(module_db) as s:
        s.get_one(Interaction, data.main_interaction).redacted_audio = str(audio) if audio else None
    settings = web_settings(secret_key="e2e", media_dir=media)
    anchor_now(module_db, settings)
    with serving(create_app(module_db, settings)) as base:
        yield base, data


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _session(browser: object, base: str, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def _no_raw_values(page) -> None:  # type: ignore[no-untyped-def]
    html = page.content()
    assert not [v for v in RAW_VALUES if v in html]


def test_each_role_lands_on_its_start_page(server: tuple[str, Seeded], browser: object) -> None:
    base, _ = server
    expected = {"qa1": "/queue", "sup1": "/queue", "admin1": "/queue", "comp1": "/compliance"}
    for user, path in expected.items():
        page = _session(browser, base, user)
        assert page.url.endswith(path), (user, page.url)
        page.context.close()
    comp = _session(browser, base, "comp1")
    resp = comp.goto(f"{base}/queue")
    assert resp is not None and resp.status == 403
    comp.context.close()


def test_queue_to_resolved_appeal_and_compliance(server: tuple[str, Seeded], browser: object,
                                                tmp_path: Path) -> None:
    shots = DOCS_SHOTS if os.environ.get("CALLQA_UPDATE_SCREENSHOTS") == "1" else tmp_path
    base, data = server
    shots.mkdir(parents=True, exist_ok=True)
    qa = _session(browser, base, "qa1")
    rows = qa.locator("table.queue tbody tr")
    assert rows.first.locator("a").inner_text() == "CALL-0001"  # red and overdue first
    assert "overdue" in (rows.first.get_attribute("class") or "")
    qa.screenshot(path=str(shots / "queue.png"), full_page=True)
    rows.first.get_by_role("button", name="领取").click()
    qa.get_by_role("link", name="CALL-0001").click()
    assert qa.locator("mark.sev-yellow").first.inner_text() == "不归我们管"
    if qa.locator("audio#player").count():  # ffmpeg made a redacted copy: jump to R10's evidence (8.1 s)
        qa.locator(f"#hit-{data.hit_ids['R10']}").get_by_role("button", name="播放 R10 证据").click()
        qa.wait_for_function("document.getElementById('player').currentTime >= 8")
        qa.evaluate("document.getElementById('player').pause()")
    _no_raw_values(qa)
    for indicator, verdict in (("R10", "确认"), ("R31", "确认"), ("R05", "误报")):
        hit = qa.locator(f"#hit-{data.hit_ids[indicator]}")
        hit.get_by_label(verdict).check()
        hit.get_by_placeholder("备注").fill(f"{indicator} 已核对录音")
        hit.get_by_role("button", name="保存").click()
        expect_text(qa, f"结论：{verdict}")
    qa.get_by_label("人工调整分数").fill("60")
    qa.get_by_label("原因").first.fill("致命项误报，按实际扣分")
    qa.get_by_role("button", name="调整").click()
    qa.screenshot(path=str(shots / "detail.png"), full_page=True)
    qa.get_by_label("复核意见").fill("复核完毕")
    qa.get_by_role("button", name="完结").click()
    expect_text(qa, "已完结")
    assert qa.locator(".history tbody tr").count() == 7  # claim, 3 verdicts, R05 误报 rescoring (D60), adjust, resolve

    qa.goto(f"{base}/calls/{data.other_items[0]}")  # no redacted copy: no player, and no original either
    assert "无录音" in qa.content() and qa.locator("audio").count() == 0
    qa.goto(f"{base}/calls/{data.main_item}")

    sup = _session(browser, base, "sup1")
    sup.goto(f"{base}/calls/{data.main_item}")
    sup.get_by_label("申诉对象").select_option(label="R10 推诿客户")
    sup.get_by_label("申诉理由").fill("坐席已转接，非推诿")
    sup.get_by_role("button", name="提交申诉").click()
    expect_text(sup, "已提交申诉")

    judge = _session(browser, base, "qa2")  # not qa1, who resolved it
    judge.goto(f"{base}/appeals")
    judge.screenshot(path=str(shots / "appeals.png"), full_page=True)
    judge.get_by_role("link", name="CALL-0001").click()
    judge.get_by_label("复查意见").fill("重听录音，确有转接")
    judge.get_by_role("button", name="记录复查").click()
    judge.get_by_label("申诉成立").check()
    judge.get_by_label("裁决理由").fill("重听录音确有转接")
    judge.get_by_label("终审（锁定结果）").check()
    judge.get_by_role("button", name="裁决").click()
    expect_text(judge, "已终审")
    expect_text(judge, "70.0 分")
    judge.context.close()

    sup.goto(f"{base}/rules")
    assert sup.locator("#rule-R10").is_visible()
    sup.screenshot(path=str(shots / "rules.png"), full_page=True)
    qa.context.close()
    sup.context.close()

    comp = _session(browser, base, "comp1")
    expect_text(comp, "完整，已校验")
    expect_text(comp, "增量校验通过")
    expect_text(comp, "残留风险（泄漏哨兵）")  # the leak sentinel's per-call counts (issue 14)
    _no_raw_values(comp)
    comp.screenshot(path=str(shots / "compliance.png"), full_page=True)
    comp.get_by_role("link", name="明细").first.click()
    assert comp.locator("tbody tr").count() >= 3
    expect_text(comp, "数字串 0 处，邮箱形态 0 处")
    _no_raw_values(comp)
    comp.context.close()


def expect_text(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert re.search(re.escape(text), body), f"{text!r} not on {page.url}"
