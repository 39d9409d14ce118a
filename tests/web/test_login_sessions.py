"""Login throttling that parallel requests and password spraying cannot get around, the user-scope delay that
replaces a lock-out, and server-side sessions revoked at logout, password change and disable (SQLite and
PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

import callqa.web.auth as auth
from callqa.cli import main
from callqa.web import create_app
from callqa.web.settings import WebSettings
from tests.web.conftest import HASHER, csrf_of, login, web_settings
from tests.web.seed import PASSWORD, seed

Client = tuple[TestClient, str]


@pytest.fixture
def app(db_url: str) -> Iterator[Client]:
    seed(db_url, HASHER)
    with TestClient(create_app(db_url, web_settings())) as client:
        yield client, db_url


def _attempt(client: TestClient, password: str, username: str = "qa1", token: str | None = None) -> int:
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token or csrf_of(client)}, follow_redirects=False).status_code


def _other(client: TestClient, address: str, **settings: object) -> TestClient:
    base: WebSettings = client.app.state.settings  # type: ignore[attr-defined]
    return TestClient(create_app(client.app.state.db_url, replace(base, **settings)),  # type: ignore[attr-defined,arg-type]
                      client=(address, 1234))


def test_parallel_wrong_passwords_are_checked_at_most_up_to_the_limit(app: Client,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = app
    checked: list[str] = []
    real = auth.verify_password

    def slow_verify(password: str, digest: str | None) -> bool:
        checked.append(password)
        time.sleep(0.05)  # widen the race: the password check is the slow step
        return real(password, digest)

    monkeypatch.setattr(auth, "verify_password", slow_verify)
    token = csrf_of(client)
    statuses: list[int] = []
    barrier = threading.Barrier(20)

    def one() -> None:
        barrier.wait()
        statuses.append(_attempt(client, "wrong-password", token=token))

    threads = [threading.Thread(target=one) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) <= 5, f"{len(checked)} of 20 parallel wrong passwords were checked (limit 5)"
    assert sorted(statuses) == [401] * len(checked) + [429] * (20 - len(checked))


def test_password_spray_across_names_is_stopped_per_address(app: Client) -> None:
    client, _ = app
    spray = _other(client, "10.1.1.1", login_client_max=8)
    names = [f"user{i}" for i in range(12)] + ["qa1"]
    assert [_attempt(spray, "Summer2026!", name) for name in names] == [401] * 8 + [429] * 5
    assert _attempt(_other(client, "10.2.2.2"), PASSWORD) == 303  # another address signs in


def test_global_ceiling_holds_across_addresses(app: Client) -> None:
    client, _ = app
    results = [_attempt(_other(client, f"10.3.0.{i}", login_global_max=6), "x", f"n{i}") for i in range(9)]
    assert results == [401] * 6 + [429] * 3


def test_a_third_party_only_delays_a_user(app: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = app
    attacker = _other(client, "10.4.4.4")
    assert [_attempt(attacker, "wrong") for _ in range(5)] == [401] * 5
    assert _attempt(client, PASSWORD) == 429  # the user waits …
    later = time.time() + timedelta(minutes=1, seconds=1).total_seconds()
    monkeypatch.setattr(time, "time", lambda: later)
    assert _attempt(client, PASSWORD) == 303  # … a minute, not 15: no lock-out


def test_success_resets_the_user_count(app: Client) -> None:
    client, _ = app
    assert [_attempt(client, "wrong") for _ in range(4)] == [401] * 4
    assert _attempt(client, PASSWORD) == 303
    assert [_attempt(TestClient(client.app), "wrong") for _ in range(4)] == [401] * 4


def test_logout_revokes_a_captured_cookie(app: Client) -> None:
    client, _ = app
    login(client, "qa1")
    captured = dict(client.cookies)
    assert client.get("/queue").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_of(client, "/queue")}, follow_redirects=False)
    thief = TestClient(client.app, cookies=captured)
    assert thief.get("/queue", follow_redirects=False).status_code == 303  # to the login form


@pytest.mark.parametrize("action", ["password", "disable"])
def test_password_change_and_disable_end_every_session(app: Client, action: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    client, url = app
    login(client, "qa1")
    second = login(TestClient(client.app), "qa1")
    monkeypatch.setenv("CALLQA_NEW_PASSWORD", "a-new-password-2026")
    assert main(["users", action, "qa1", "--db", url]) == 0
    for c in (client, second):
        assert c.get("/queue", follow_redirects=False).status_code == 303
    if action == "password":
        assert _attempt(TestClient(client.app), "a-new-password-2026") == 303


def test_idle_and_absolute_timeouts(app: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = app
    idle = _other(client, "10.5.5.5", session_idle_minutes=10, session_hours=1)
    login(idle, "qa1")
    start = time.time()
    for minutes in (9, 18, 27, 36, 45, 54):  # active every 9 minutes: never idle …
        monkeypatch.setattr(time, "time", lambda m=minutes: start + m * 60)
        assert idle.get("/queue").status_code == 200
    monkeypatch.setattr(time, "time", lambda: start + 61 * 60)  # … but over the absolute hour
    assert idle.get("/queue", follow_redirects=False).status_code == 303
    login(idle, "qa1")
    monkeypatch.setattr(time, "time", lambda: start + 72 * 60)  # 11 minutes untouched
    assert idle.get("/queue", follow_redirects=False).status_code == 303
