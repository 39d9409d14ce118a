"""Every route × every role (and no session): allowed roles get through, everyone else gets a refusal that
carries no data. A route added without a row here fails ``test_matrix_covers_every_route``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from callqa.web import create_app
from callqa.web.app import PAGES
from callqa.web.settings import WebSettings
from tests.web.conftest import HASHER, csrf_of, login
from tests.web.seed import MAIN_LINES, RAW_VALUES, Seeded, seed

REVIEWERS = {"qa1", "sup1", "admin1"}
LEADS = {"sup1", "admin1"}
JUDGES = {"qa1", "admin1"}
OFFICERS = {"comp1", "admin1"}
EVERYONE = {"qa1", "sup1", "comp1", "admin1", "agent1"}
AGENTS = {"agent1"}
ROLES = ("qa1", "sup1", "comp1", "admin1", "agent1", None)

MATRIX: dict[tuple[str, str], set[str]] = {
    ("GET", "/"): EVERYONE,
    ("GET", "/queue"): REVIEWERS,
    ("POST", "/queue/next"): REVIEWERS,
    ("POST", "/queue/{item_id}/claim"): REVIEWERS,
    ("POST", "/queue/{item_id}/assign"): LEADS,
    ("GET", "/calls/{item_id}"): REVIEWERS,
    ("GET", "/calls/{item_id}/audio"): REVIEWERS,
    ("POST", "/calls/{item_id}/verdict"): REVIEWERS,
    ("POST", "/calls/{item_id}/score"): REVIEWERS,
    ("POST", "/calls/{item_id}/resolve"): REVIEWERS,
    ("POST", "/calls/{item_id}/appeal"): LEADS,
    ("GET", "/appeals"): REVIEWERS,
    ("POST", "/appeals/{appeal_id}/recheck"): JUDGES,
    ("POST", "/appeals/{appeal_id}/rule"): JUDGES,
    ("GET", "/rules"): LEADS,
    ("POST", "/rules/{indicator}/auto-close"): LEADS,
    ("GET", "/compliance"): OFFICERS,
    ("POST", "/compliance/verify"): OFFICERS,
    ("GET", "/compliance/calls/{interaction_id}"): OFFICERS,
    ("GET", "/compliance/export.{fmt}"): OFFICERS,
    ("GET", "/me"): AGENTS,
    ("GET", "/me/calls/{interaction_id}"): AGENTS,
    ("POST", "/me/notes/{note_id}/ack"): AGENTS,
    ("POST", "/me/calls/{interaction_id}/appeal"): AGENTS,
    ("POST", "/calls/{item_id}/coaching"): LEADS,
    ("GET", "/agent-appeals"): LEADS,
    ("POST", "/agent-appeals/{request_id}/{decision}"): LEADS,
    ("GET", "/calibration"): JUDGES,
    ("GET", "/calibration/{item_id}"): JUDGES,
    ("POST", "/calibration/{item_id}"): JUDGES,
    ("GET", "/reports"): REVIEWERS,
    ("GET", "/reports/agents"): REVIEWERS,
    ("GET", "/reports/agents/{agent_id}"): REVIEWERS,
    ("GET", "/reports/teams"): REVIEWERS,
    ("GET", "/reports/queues"): REVIEWERS,
    ("GET", "/reports/indicators"): REVIEWERS,
    ("GET", "/search"): REVIEWERS,
    ("GET", "/interactions/{interaction_id}"): REVIEWERS,
    ("GET", "/rules/rescore"): LEADS,
    ("POST", "/rules/rescore/apply"): LEADS,
}
PUBLIC = {("GET", "/login"), ("POST", "/login"), ("POST", "/logout")}
"""Logging in and out needs no role (both still need the CSRF token)."""
FORM = {"hit_id": "1", "verdict": "confirmed", "new_score": "80", "reason": "测试", "note": "测试",
        "assignee": "qa2", "decision": "reject", "enabled": "0", "since": "2026-11-01", "until": "2026-11-02",
        "versions": "none"}


def _fill(path: str, data: Seeded) -> str:
    return path.format(item_id=data.main_item, appeal_id=1, indicator="R10", interaction_id=data.main_interaction,
                       fmt="csv", note_id=1, request_id=1, decision="reject", agent_id="A007")


@pytest.fixture(scope="module")
def setup(module_db: str) -> Iterator[tuple[dict[str | None, TestClient], Seeded]]:
    data = seed(module_db, HASHER)
    app = create_app(module_db, WebSettings(secret_key="test-secret"))
    clients = {name: (login(TestClient(app), name) if name else TestClient(app)) for name in ROLES}
    yield clients, data
    for c in clients.values():
        c.close()


def test_matrix_covers_every_route() -> None:
    routes = {(m, r.path) for page in PAGES for r in page.router.routes if isinstance(r, APIRoute)
              for m in r.methods}
    assert routes == set(MATRIX) | PUBLIC


def _leaks(body: str, data: Seeded) -> list[str]:
    secrets = ["CALL-000", "A007", "credit_card", "推诿", "投诉", "〔", "seq", *RAW_VALUES,
               *(text[:6] for _, _, text in MAIN_LINES)]
    return [s for s in secrets if s in body]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "no-session")
@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_route_role(setup: tuple[dict[str | None, TestClient], Seeded], route: tuple[str, str],
                    role: str | None) -> None:
    clients, data = setup
    client = clients[role]
    method, path = route
    url = _fill(path, data)
    if method == "GET":
        resp = client.get(url, follow_redirects=False)
    else:
        token = csrf_of(client, "/login")
        resp = client.post(url, data=FORM | {"csrf_token": token}, follow_redirects=False)
    if role in MATRIX[route]:
        assert resp.status_code not in (401, 403), (resp.status_code, resp.text[:200])
        if method == "POST" and path != "/logout":
            assert resp.status_code in (303, 404), resp.text[:200]
        return
    if role is None:
        expected = (303, 401) if method == "GET" else (401,)
        assert resp.status_code in expected
        if resp.status_code == 303:
            assert resp.headers["location"] == "/login"
    else:
        assert resp.status_code == 403
    assert not _leaks(resp.text, data), _leaks(resp.text, data)
    assert len(resp.text) < 300
