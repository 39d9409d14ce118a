"""Calibration (D66) on SQLite and PostgreSQL: Cohen's κ, the blind second review and κ on the rules page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from callqa.web import create_app
from callqa.web.settings import WebSettings
from storage.calibration import CalibrationReview, agreement, cohen_kappa, picked
from storage.db import session_scope
from storage.models import HitRow, ReviewItem
from storage.review_ops import hit_of, resolve, set_verdict
from tests.web.conftest import HASHER, login, post
from tests.web.seed import Seeded, seed


@pytest.mark.parametrize(("pairs", "kappa"), [
    ([("c", "c"), ("c", "f"), ("f", "f"), ("f", "f")], 0.5),
    ([("c", "c"), ("f", "f")], 1.0),
    ([("c", "f"), ("f", "c")], -1.0),
    ([("c", "c"), ("c", "c")], 1.0),        # one label only: perfect agreement
    ([("c", "c"), ("c", "f"), ("c", "c"), ("c", "f")], 0.0),  # agreement no better than chance
    ([], None),
])
def test_cohen_kappa(pairs: list[tuple[str, str]], kappa: float | None) -> None:
    assert cohen_kappa(pairs) == kappa


def test_sample_is_deterministic() -> None:
    ids = [f"C{n:05d}" for n in range(2000)]
    share = sum(picked(c, 0.2) for c in ids) / len(ids)
    assert 0.17 < share < 0.23 and [picked(c) for c in ids[:50]] == [picked(c) for c in ids[:50]]


@pytest.fixture
def app(db_url: str) -> Iterator[tuple[Callable[[str], TestClient], Seeded]]:
    data = seed(db_url, HASHER)
    with session_scope(db_url) as s:  # qa1 resolves the main call: R10 and R31 confirmed, R05 误报
        item = s.get_one(ReviewItem, data.main_item)
        for ind, verdict in (("R10", "confirmed"), ("R31", "confirmed"), ("R05", "false_positive")):
            set_verdict(s, item, hit_of(s, item, data.hit_ids[ind]), verdict, "", "qa1")
        resolve(s, item, "", "qa1")
    application = create_app(db_url, WebSettings(secret_key="t", calibration_share=1.0))
    clients: list[TestClient] = []

    def client_for(name: str) -> TestClient:
        clients.append(login(TestClient(application), name))
        return clients[-1]

    yield client_for, data
    for c in clients:
        c.close()


def test_blind_second_review_and_kappa_on_rules_page(app: tuple[Callable[[str], TestClient], Seeded],
                                                     db_url: str) -> None:
    client_for, data = app
    first = client_for("qa1")
    assert "CALL-0001" not in first.get("/calibration").text  # not the reviewer who resolved it
    assert first.get(f"/calibration/{data.main_item}").status_code == 404
    second = client_for("qa2")
    assert "CALL-0001" in second.get("/calibration").text
    blind = second.get(f"/calibration/{data.main_item}").text
    assert "R05" in blind and "误报" in blind and "结论：" not in blind  # first verdicts are not shown
    with session_scope(db_url) as s:
        hits = {h.indicator: h.id for h in s.scalars(select(HitRow).where(
            HitRow.score_id == s.get_one(ReviewItem, data.main_item).score_id))}
    partial = post(second, f"/calibration/{data.main_item}", **{f"verdict_{hits['R10']}": "confirmed"})
    assert "每条命中都须给出结论" in partial
    done = post(second, f"/calibration/{data.main_item}", **{f"verdict_{hits['R10']}": "confirmed",
                                                             f"verdict_{hits['R31']}": "false_positive",
                                                             f"verdict_{hits['R05']}": "false_positive"})
    assert "校准复核已提交" in done and "CALL-0001" not in done
    with session_scope(db_url) as s:
        assert s.scalar(select(CalibrationReview.id).where(CalibrationReview.reviewer == "qa2")) is not None
        got = agreement(s)
    assert {k: (a.pairs, a.kappa) for k, a in got.items()} == {"R10": (1, 1.0), "R31": (1, 0.0), "R05": (1, 1.0)}
    rules = client_for("sup1").get("/rules").text
    assert "校准一致性 κ" in rules and "（1 对）" in rules
