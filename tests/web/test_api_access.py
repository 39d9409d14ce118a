"""Every API route × every role (and no / a wrong token): the roles the matching page admits get through,
everyone else 401 (no or wrong token) or 403 as JSON that carries no data. A route added without a row here
fails ``test_matrix_covers_every_api_route``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from callqa.web import create_app
from callqa.web.app import API
from callqa.web.settings import WebSettings
from tests.web.api_support import bearer, tokens_for
from tests.web.conftest import HASHER, login
from tests.web.seed import RAW_VALUES, Seeded, seed

REVIEWERS = {"qa1", "sup1", "admin1"}
LEADS = {"sup1", "admin1"}
EVERYONE = {"qa1", "sup1", "comp1", "admin1", "agent1"}
CALLERS = ("qa1", "sup1", "comp1", "admin1", "agent1", None, "wrong")
"""agent1 (坐席) sees no API route: agents use their own pages only."""

MATRIX: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/interactions"): REVIEWERS,
    ("GET", "/api/v1/interactions/{call_id}"): REVIEWERS,
    ("GET", "/api/v1/queue"): REVIEWERS,
    ("POST", "/api/v1/review-items/{item_id}/verdicts"): REVIEWERS,
    ("GET", "/api/v1/reports/daily"): LEADS,
    ("GET", "/api/v1/openapi.json"): EVERYONE,
}


@pytest.fixture(scope="module")
def setup(module_db: str) -> Iterator[tuple[TestClient, dict[str, str], Seeded]]:
    data = seed(module_db, HASHER)
    tokens = tokens_for(module_db) | {"wrong": "cqa_not-a-real-token"}
    with TestClient(create_app(module_db, WebSettings(secret_key="test-secret"))) as client:
        yield client, tokens, data


def test_matrix_covers_every_api_route() -> None:
    routes = {(m, r.path) for module in API for r in module.router.routes if isinstance(r, APIRoute)
              for m in r.methods}
    assert routes == set(MATRIX)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda r: r or "no-token")
@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_api_route_role(setup: tuple[TestClient, dict[str, str], Seeded], route: tuple[str, str],
                        caller: str | None) -> None:
    client, tokens, data = setup
    method, path = route
    url = path.format(call_id="CALL-0002", item_id=data.other_items[1])
    headers = bearer(tokens[caller]) if caller else {}
    body = {"hit_id": 999999, "verdict": "confirmed"}
    resp = client.get(url, headers=headers) if method == "GET" else client.post(url, json=body, headers=headers)
    if caller in MATRIX[route]:
        assert resp.status_code in (200, 409), (resp.status_code, resp.text[:200])
        return
    assert resp.status_code == (403 if caller in tokens and caller != "wrong" else 401), resp.text
    assert resp.headers["content-type"].startswith("application/json")
    assert set(resp.json()) == {"error", "message"}
    assert not [v for v in ("CALL-000", "A00", "〔", *RAW_VALUES) if v in resp.text]


def test_openapi_served_to_a_session_user_not_to_anonymous(setup: tuple[TestClient, dict[str, str], Seeded],
                                                           module_db: str) -> None:
    client, _, _ = setup
    assert client.get("/api/v1/openapi.json").status_code == 401
    app = create_app(module_db, WebSettings(secret_key="test-secret"))
    with TestClient(app) as browser:
        doc = login(browser, "comp1").get("/api/v1/openapi.json").json()
    assert set(doc["paths"]) == {p for _, p in MATRIX}
    assert "/openapi.json" not in [r.path for r in app.routes if isinstance(r, APIRoute)]  # FastAPI's own is off
