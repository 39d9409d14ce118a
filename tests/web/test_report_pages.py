"""The report pages and 检索 on both databases: the numbers equal ``callqa report … --format json`` for the same
range (one query layer), every figure links to the calls behind it, and a call outside the queue opens
read-only."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from callqa.cli import main
from callqa.web import create_app
from tests.web.conftest import HASHER, login, web_settings
from tests.web.seed_reports import PHRASE, ReportSeed, seed_reports

FIELD = re.compile(r'data-field="(\w+)"(?: data-value="([^"]*)")?>([^<]*)<')


@pytest.fixture
def reports(db_url: str) -> tuple[Callable[[str], TestClient], ReportSeed, str]:
    data = seed_reports(db_url, HASHER)
    app = create_app(db_url, web_settings())
    return (lambda name: login(TestClient(app), name)), data, db_url


def _cli(url: str, kind: str, s: ReportSeed, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["report", kind, "--since", str(s.since), "--until", str(s.until), "--format", "json",
                 "--db", url]) == 0
    return list(json.loads(capsys.readouterr().out))


def _fields(fragment: str) -> dict[str, str]:
    return {name: value or text.strip() for name, value, text in FIELD.findall(fragment)}


def _same(cli: object, shown: str) -> bool:
    return shown == ("—" if cli is None else str(cli))


def test_overview_equals_cli(reports: tuple[Callable[[str], TestClient], ReportSeed, str],
                             capsys: pytest.CaptureFixture[str]) -> None:
    client_for, s, url = reports
    body = client_for("sup1").get(f"/reports?since={s.since}&until={s.until}").text
    (cli,) = _cli(url, "overview", s, capsys)
    shown = _fields(body)
    assert set(shown) >= {"received", "scored", "avg_score", "pass_rate", "flagged_rate", "review_open"}
    assert all(_same(cli[k], v) for k, v in shown.items()), (cli, shown)
    assert (cli["received"], cli["scored"], cli["fatal"], cli["red"], cli["review_open"], cli["review_overdue"]) == \
        (5, 5, 1, 1, 3, 1)
    assert '<script src="/static/vendor/echarts/echarts.min.js"></script>' in body
    assert "cdn" not in body.lower()


def test_agents_equal_cli(reports: tuple[Callable[[str], TestClient], ReportSeed, str],
                          capsys: pytest.CaptureFixture[str]) -> None:
    client_for, s, url = reports
    body = client_for("qa1").get(f"/reports/agents?since={s.since}&until={s.until}").text
    rows = {r["agent_id"]: r for r in _cli(url, "agents", s, capsys)}
    shown = {m.group(1): _fields(m.group(2)) for m in re.finditer(r'<tr data-agent="([^"]+)">(.*?)</tr>', body, re.S)}
    assert set(shown) == set(rows) == {"A007", "A008", "A009"}
    for agent, fields in shown.items():
        assert all(_same(rows[agent][k], v) for k, v in fields.items()), (agent, rows[agent], fields)
    a7 = rows["A007"]
    assert (a7["team"], a7["calls"], a7["min_score"], a7["confirmed"], a7["dismissed"]) == ("一组", 2, 0.0, 1, 1)
    assert a7["hits_by_dimension"] == {"服务态度": 1, "无维度": 2}


def _linked_calls(client: TestClient, href: str) -> list[str]:
    body = client.get(html.unescape(href)).text
    return sorted(re.findall(r'<a href="/interactions/\d+">([^<]+)</a>', body))


def test_figures_link_to_the_calls_behind_them(reports: tuple[Callable[[str], TestClient], ReportSeed, str]) -> None:
    client_for, s, _ = reports
    client = client_for("sup1")
    body = client.get(f"/reports?since={s.since}&until={s.until}").text
    fatal = re.search(r'<a href="([^"]+)"><b data-field="fatal">', body)
    assert fatal and parse_qs(urlsplit(html.unescape(fatal.group(1))).query)["fatal"] == ["1"]
    assert _linked_calls(client, fatal.group(1)) == ["CALL-0001"]
    received = re.search(r'<a href="([^"]+)"><b data-field="received">', body)
    assert received and len(_linked_calls(client, received.group(1))) == 5
    ind = client.get(f"/reports/indicators?since={s.since}&until={s.until}").text
    r12 = re.search(r'<a href="([^"]+)">R12</a>', ind)
    assert r12 and _linked_calls(client, r12.group(1)) == ["CALL-0002", "CALL-0003", "CALL-0102"]
    card = client.get(f"/reports/agents/A009?since={s.since}&until={s.until}").text
    assert "坐席成绩单：A009" in card and "二组" in card
    teams = client.get(f"/reports/teams?since={s.since}&until={s.until}").text
    two = re.search(r'<a href="([^"]+)">二组</a>', teams)
    assert two and _linked_calls(client, two.group(1)) == ["CALL-0003", "CALL-0102"]


def test_search_opens_unflagged_call_read_only(reports: tuple[Callable[[str], TestClient], ReportSeed, str]) -> None:
    client_for, s, _ = reports
    client = client_for("qa1")
    body = client.get("/search", params={"text": PHRASE}).text
    assert _linked_calls(client, f"/search?text={PHRASE}") == ["CALL-0101"]
    assert "未进入队列" in body and PHRASE in body
    page = client.get(f"/interactions/{s.unflagged}").text
    assert "只读" in page and PHRASE in page
    main_part = page.split("</header>")[1]
    assert "/verdict" not in page and 'name="verdict"' not in page and 'name="csrf_token"' not in main_part
    queued = client.get(f"/interactions/{s.base.main_interaction}", follow_redirects=False)
    assert queued.status_code == 303 and queued.headers["location"] == f"/calls/{s.base.main_item}"
    assert client.get("/interactions/999999").status_code == 404
    odd = client.get("/search", params={"since": "not-a-date", "score_min": "abc", "severity": "<x>", "text": "%"})
    assert odd.status_code == 200 and "<x>" not in odd.text
