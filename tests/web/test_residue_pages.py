"""The compliance pages show the leak sentinel's per-call counts (issue 14), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.storage.test_residue import _store
from tests.web.seed import Seeded

Web = tuple[Callable[[str | None], TestClient], Seeded]


def test_compliance_pages_show_residual_risk(web: Web, db_url: str) -> None:
    client_for, data = web
    comp = client_for("comp1")
    assert "暂无残留风险" in comp.get("/compliance").text  # the seeded calls were redacted clean
    risky = _store(db_url, "R-RISKY", ["订单号20261121000123已经发货", "发到 zhang.wei@example.com"])
    page = comp.get("/compliance").text
    assert "残留风险（泄漏哨兵）" in page and "共 1 通有残留" in page
    assert '<td>R-RISKY</td><td class="num">1</td><td class="num">1</td>' in page
    assert "20261121000123" not in page and "zhang.wei" not in page
    assert "数字串 1 处，邮箱形态 1 处" in comp.get(f"/compliance/calls/{risky}").text
    assert "数字串 0 处，邮箱形态 0 处" in comp.get(f"/compliance/calls/{data.main_interaction}").text
