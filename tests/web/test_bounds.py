"""Every numeric path / query / form value is bounded: out of range is the fixed 400/404 page, never a 500,
on SQLite and PostgreSQL (whose INTEGER ids overflow the driver above 2**31 - 1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of
from tests.web.seed import Seeded

Web = tuple[Callable[[str | None], TestClient], Seeded]
OUT_OF_RANGE = ["0", "-1", str(2**31), str(2**63), "9" * 400, "1e9", "abc"]
GETS = ["/calls/{}", "/calls/{}/audio", "/compliance/calls/{}"]
POSTS = ["/calls/{}/verdict", "/calls/{}/score", "/calls/{}/resolve", "/calls/{}/appeal", "/queue/{}/claim",
         "/queue/{}/assign", "/appeals/{}/recheck", "/appeals/{}/rule"]


def _status_ok(status: int) -> bool:
    return status in (400, 404)


@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_out_of_range_numbers_get_the_fixed_page(web: Web, number: str) -> None:
    client_for, _ = web
    admin = client_for("admin1")
    for template in GETS:
        resp = admin.get(template.format(number), follow_redirects=False)
        assert _status_ok(resp.status_code), (template, number, resp.status_code)
        assert number not in resp.text or len(number) < 2
    token = csrf_of(admin, "/queue")
    for template in POSTS:
        resp = admin.post(template.format(number), data={"csrf_token": token, "hit_id": "1", "new_score": "50",
                                                          "reason": "x", "decision": "reject"},
                          follow_redirects=False)
        assert _status_ok(resp.status_code), (template, number, resp.status_code)
    resp = admin.post("/calls/1/verdict", data={"csrf_token": token, "hit_id": number, "verdict": "confirmed"},
                      follow_redirects=False)
    assert _status_ok(resp.status_code), ("hit_id", number, resp.status_code)


@pytest.mark.parametrize("page", ["0", "-3", "100001", str(2**64), "x"])
def test_queue_page_is_bounded(web: Web, page: str) -> None:
    client_for, _ = web
    resp = client_for("qa1").get(f"/queue?page={page}")
    assert resp.status_code == 400 and "页码无效" in resp.text


def test_queue_pages_in_range_still_work(web: Web) -> None:
    client_for, _ = web
    assert client_for("qa1").get("/queue?page=100000").status_code == 200
