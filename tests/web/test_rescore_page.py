"""The re-score diff page (D135) on SQLite and PostgreSQL: the preview is the dry run per indicator and writes
nothing; applying re-scores exactly the previewed versions and is refused after another publish."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from callqa.web import create_app
from storage.db import session_scope
from storage.models import Score
from tests.pipeline.test_rescore import V2
from tests.web.conftest import login, post, web_settings
from tests.web.rescore_support import calls_with_v2_published, publish

RANGE = {"since": "2026-11-21", "until": "2026-11-21"}


def _scores(url: str) -> int:
    with session_scope(url) as s:
        return int(s.scalar(select(func.count(Score.id))) or 0)


def test_preview_then_apply(db_url: str, tmp_path: Path) -> None:
    calls_with_v2_published(db_url, tmp_path)
    sup = login(TestClient(create_app(db_url, web_settings())), "sup1")
    page = sup.get("/rules/rescore", params=RANGE).text
    assert "将重新评分 <b class=\"would\">3</b> 通" in page and "已复核保持不变 1 通" in page
    assert '<tr id="diff-A2"><td>A2</td>\n    <td class="num">1</td><td>C-NEW</td>' in page
    assert '<td class="num">1</td><td>C-GONE</td></tr>' in page
    assert 'id="newly-flagged">1</b> 通：C-NEW' in page and 'id="unflagged">1</b> 通：C-GONE' in page
    assert _scores(db_url) == 5  # the preview wrote nothing
    versions = page.split('name="versions" value="')[1].split('"')[0]
    done = post(sup, "/rules/rescore/apply", **RANGE, queue="", versions=versions)
    assert "已重新评分 3 通：新增标记 1 通，取消标记 1 通；已复核的 1 通保持不变" in done
    assert "没有需要重新评分的通话" in done and _scores(db_url) == 8


def test_apply_refused_after_another_publish(db_url: str, tmp_path: Path) -> None:
    calls_with_v2_published(db_url, tmp_path)
    sup = login(TestClient(create_app(db_url, web_settings())), "sup1")
    page = sup.get("/rules/rescore", params=RANGE).text
    versions = page.split('name="versions" value="')[1].split('"')[0]
    publish(db_url, tmp_path / "small.yaml", V2.replace('version: "2"', 'version: "3"').replace("[甲]", "[丁]"))
    refused = post(sup, "/rules/rescore/apply", **RANGE, queue="", versions=versions)
    assert "预览之后发布了新的评分规则版本" in refused and _scores(db_url) == 5


def test_bad_range_and_nothing_published(db_url: str, tmp_path: Path) -> None:
    from storage.db import session_scope as scope
    from tests.web.seed import seed_users

    with scope(db_url) as s:
        seed_users(s)
    sup = login(TestClient(create_app(db_url, web_settings())), "sup1")
    assert "尚无已发布的评分规则版本" in sup.get("/rules/rescore").text
    publish(db_url, tmp_path / "small.yaml", V2)
    assert sup.get("/rules/rescore", params={"since": "2026-11-21", "until": "2026-01-01"}).status_code == 400
    assert sup.get("/rules/rescore", params={"since": "2026-13-01"}).status_code == 400
