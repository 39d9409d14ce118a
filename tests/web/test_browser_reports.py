"""The report pages in a real headless Chromium: the overview draws its charts (vendored ECharts, no CDN, no
CSP error), a click on a chart bar opens the calls behind it, a phrase search finds an unflagged call, which
opens read-only. Screenshots go to docs/screenshots/ with ``CALLQA_UPDATE_SCREENSHOTS=1`` (README pages)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from callqa.web import create_app
from tests.web.conftest import HASHER, web_settings
from tests.web.live_server import serving
from tests.web.seed_reports import PHRASE, ReportSeed, seed_reports, seed_volume
from tests.web.test_browser import CHROMIUM, DOCS_SHOTS, _no_raw_values, _session, browser

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]
__all__ = ["browser"]  # the module-scoped Chromium fixture


@pytest.fixture(scope="module")
def server(module_db: str) -> Iterator[tuple[str, ReportSeed]]:
    data = seed_reports(module_db, HASHER)
    seed_volume(module_db)
    with serving(create_app(module_db, web_settings(secret_key="e2e"))) as base:
        yield base, data


def _watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Console errors (a CSP refusal shows here) and requests that leave the app."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith("http://127.0.0.1") else None)
    return problems


def test_overview_chart_click_to_calls_and_read_only_search(server: tuple[str, ReportSeed], browser: object,
                                                            tmp_path: Path) -> None:
    shots = DOCS_SHOTS if os.environ.get("CALLQA_UPDATE_SCREENSHOTS") == "1" else tmp_path
    base, s = server
    span = f"since={s.since}&until={s.until}"
    sup = _session(browser, base, "sup1")
    problems = _watch(sup)
    sup.get_by_role("link", name="质检大盘").click()
    sup.goto(f"{base}/reports?{span}")
    sup.wait_for_selector("div.chart[data-for=top-table][data-ready='1'] canvas")
    sup.wait_for_selector("div.chart[data-for=trend-table][data-ready='1'] canvas")
    assert sup.locator("b[data-field=received]").inner_text() == "125"
    sup.screenshot(path=str(shots / "reports-overview.png"), full_page=True)

    top = sup.locator("#top-table tbody tr").first.locator("td").first.inner_text()
    chart = sup.locator("div.chart[data-for=top-table]")
    chart.scroll_into_view_if_needed()
    x, y = sup.evaluate("""() => { const box = document.querySelector('div.chart[data-for=top-table]');
        const c = echarts.getInstanceByDom(box); const opt = c.getOption();
        return c.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [0, opt.series[0].data[0] / 2]); }""")
    bounds = chart.bounding_box()
    assert bounds is not None
    sup.mouse.click(bounds["x"] + x, bounds["y"] + y)  # the first (tallest) bar: the top indicator
    sup.wait_for_url("**/search?**")
    assert parse_qs(urlsplit(sup.url).query)["indicator"] == [top]
    rows = sup.locator("#results tbody tr")
    assert rows.count() > 0 and all(top in rows.nth(i).inner_text() for i in range(rows.count()))

    sup.goto(f"{base}/reports/agents?{span}")
    sup.screenshot(path=str(shots / "reports-agents.png"), full_page=True)
    sup.get_by_role("link", name="A007", exact=True).click()
    sup.wait_for_selector("div.chart[data-ready='1'] canvas")
    sup.screenshot(path=str(shots / "reports-scorecard.png"), full_page=True)
    sup.goto(f"{base}/reports/indicators?{span}")
    sup.screenshot(path=str(shots / "reports-indicators.png"), full_page=True)

    sup.get_by_role("link", name="检索").first.click()
    sup.get_by_label("全文").fill(PHRASE)
    sup.get_by_role("button", name="检索").click()
    assert sup.locator("#results tbody tr").count() == 1
    sup.screenshot(path=str(shots / "search.png"), full_page=True)
    sup.get_by_role("link", name="CALL-0101").click()
    sup.wait_for_url(f"**/interactions/{s.unflagged}")
    assert "只读" in sup.locator("h1").inner_text()
    assert sup.locator("input[name=verdict]").count() == 0 and sup.locator("form[action*=verdict]").count() == 0
    assert PHRASE in sup.locator(".conversation").inner_text()
    _no_raw_values(sup)
    sup.screenshot(path=str(shots / "interaction-read-only.png"), full_page=True)
    assert not problems, problems
    sup.context.close()
