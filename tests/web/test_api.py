"""The HTTP API on SQLite and PostgreSQL: listing and filters, one interaction, verdicts moving the score,
reports, token expiry and revocation, and the rate limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from callqa.web import create_app
from callqa.web.settings import WebSettings
from storage import api_tokens
from storage.db import session_scope
from storage.review import User
from tests.web.api_support import bearer, tokens_for
from tests.web.conftest import HASHER
from tests.web.seed import RAW_VALUES, Seeded, seed

Api = tuple[TestClient, dict[str, str], Seeded]


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    data = seed(db_url, HASHER)
    with TestClient(create_app(db_url, WebSettings(secret_key="test-secret", api_rate_per_minute=30))) as client:
        yield client, tokens_for(db_url), data


def test_interactions_list_limit_and_filters(api: Api) -> None:
    client, tokens, _ = api
    h = bearer(tokens["qa1"])
    body = client.get("/api/v1/interactions?limit=2", headers=h).json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert [i["call_id"] for i in body["items"]] == ["CALL-0001", "CALL-0002"]  # newest call first
    assert body["items"][0]["score"] == 0.0 and body["items"][0]["fatal"] is True
    loans = client.get("/api/v1/interactions", params={"queue": "loans"}, headers=h).json()
    assert [i["call_id"] for i in loans["items"]] == ["CALL-0003"]
    assert client.get("/api/v1/interactions", params={"agent": "A008"}, headers=h).json()["total"] == 1
    assert client.get("/api/v1/interactions", params={"call_id": "CALL-000"}, headers=h).json()["total"] == 3
    bad = client.get("/api/v1/interactions?limit=0", headers=h)
    assert bad.status_code == 400 and bad.json()["fields"] == ["limit"]


def test_one_interaction_is_redacted_with_scores_and_hits(api: Api) -> None:
    client, tokens, data = api
    resp = client.get("/api/v1/interactions/CALL-0001", headers=bearer(tokens["sup1"]))
    assert resp.status_code == 200
    body = resp.json()
    assert len(body["transcript"]) == 6 and "〔手机号〕" in resp.text
    assert not [v for v in RAW_VALUES if v in resp.text]
    assert {h["indicator"] for h in body["scores"][-1]["hits"]} == {"R10", "R31", "R05"}
    assert body["review_item"]["id"] == data.main_item and body["review_item"]["effective_score"] == 0.0
    assert client.get("/api/v1/interactions/NOPE", headers=bearer(tokens["sup1"])).status_code == 404


def test_verdict_moves_the_score_and_refusals_are_409(api: Api) -> None:
    client, tokens, data = api
    item = data.other_items[0]
    detail = client.get("/api/v1/interactions/CALL-0002", headers=bearer(tokens["qa1"])).json()
    hit_id = detail["scores"][-1]["hits"][0]["id"]
    resp = client.post(f"/api/v1/review-items/{item}/verdicts", headers=bearer(tokens["qa1"]),
                       json={"hit_id": hit_id, "verdict": "false_positive", "comment": "客户电话13812345678"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["assignee"] == "qa1" and body["effective_score"] == 100.0
    assert body["score_changes"][0] | {"at": None} == {"at": None, "actor": "qa1", "source": "verdict",
                                                       "previous": 95.0, "adjusted": 100.0,
                                                       "reason": "R12 误报，退回扣分", "hit_id": hit_id}
    other = client.post(f"/api/v1/review-items/{item}/verdicts", headers=bearer(tokens["qa2"]),
                        json={"hit_id": hit_id, "verdict": "confirmed"})
    assert other.status_code == 409 and other.json()["message"] == "该条目已分派给 qa1"
    wrong = client.post(f"/api/v1/review-items/{item}/verdicts", headers=bearer(tokens["qa1"]),
                        json={"hit_id": hit_id, "verdict": "maybe"})
    assert wrong.status_code == 400
    queue = client.get("/api/v1/queue", params={"assignee": "qa1"}, headers=bearer(tokens["qa1"])).json()
    assert [i["id"] for i in queue["items"]] == [item]
    assert "13812345678" not in client.get("/api/v1/queue", headers=bearer(tokens["qa1"])).text


def test_daily_report(api: Api) -> None:
    client, tokens, _ = api
    today = datetime.now(UTC).date()
    body = client.get("/api/v1/reports/daily", params={"since": str(today - timedelta(days=5))},
                      headers=bearer(tokens["admin1"])).json()
    assert sum(d["scored"] for d in body["days"]) == 3
    assert sum(d["fatal"] for d in body["days"]) == 1
    assert sum(d["hits"].get("R12", 0) for d in body["days"]) == 2
    bad = client.get("/api/v1/reports/daily", params={"since": "2026-12-10", "until": "2026-12-01"},
                     headers=bearer(tokens["admin1"]))
    assert bad.status_code == 400


def test_expired_and_revoked_tokens_get_401(api: Api, db_url: str) -> None:
    client, tokens, _ = api
    now = datetime.now(UTC)
    with session_scope(db_url) as s:
        user = s.scalars(select(User).where(User.username == "qa1")).one()
        old_id, old = api_tokens.issue(s, user, now=now - timedelta(days=3), expires_days=2)
    assert client.get("/api/v1/queue", headers=bearer(old)).json()["error"] == "invalid_token"
    assert client.get("/api/v1/queue", headers=bearer(tokens["qa1"])).status_code == 200
    with session_scope(db_url) as s:
        token_id = next(t.id for t in api_tokens.listing(s) if t.username == "qa1" and t.id != old_id)
        assert api_tokens.revoke(s, token_id, now=now) and not api_tokens.revoke(s, token_id, now=now)
    assert client.get("/api/v1/queue", headers=bearer(tokens["qa1"])).status_code == 401


def test_rate_limit_per_token(api: Api) -> None:
    client, tokens, _ = api
    client.app.state.api_clock = lambda: 60_000.0  # type: ignore[attr-defined]  # one fixed-window minute
    codes = [client.get("/api/v1/queue", headers=bearer(tokens["sup1"])).status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
    last = client.get("/api/v1/queue", headers=bearer(tokens["sup1"]))
    assert int(last.headers["Retry-After"]) >= 1
    assert client.get("/api/v1/queue", headers=bearer(tokens["admin1"])).status_code == 200  # per token
    assert int(last.headers["Retry-After"]) == 60
    client.app.state.api_clock = lambda: 60_060.0  # type: ignore[attr-defined]  # the next minute
    assert client.get("/api/v1/queue", headers=bearer(tokens["sup1"])).status_code == 200


def test_rate_limit_is_shared_between_apps(api: Api, db_url: str) -> None:
    """Two serving processes (two apps on one database) count one token together."""
    client, tokens, _ = api
    settings = WebSettings(secret_key="test-secret", api_rate_per_minute=30)
    with TestClient(create_app(db_url, settings)) as other:
        for app in (client.app, other.app):
            app.state.api_clock = lambda: 120_000.0  # type: ignore[attr-defined]
        codes = [(client if n % 2 else other).get("/api/v1/queue", headers=bearer(tokens["qa1"])).status_code
                 for n in range(31)]
    assert codes.count(200) == 30 and codes[30] == 429
