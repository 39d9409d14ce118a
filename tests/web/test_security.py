"""CSRF, login throttling, cookie flags, disabled accounts, password hashing, security headers, and no raw
personal data in any page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from callqa.web import create_app
from callqa.web.passwords import hash_password, verify_password
from callqa.web.settings import WebSettings
from storage.db import session_scope
from storage.review import HitVerdict, User
from tests.web.conftest import HASHER, csrf_of, login
from tests.web.seed import PASSWORD, RAW_VALUES, seed


@pytest.fixture
def app_url(sqlite_url: str) -> tuple[TestClient, str, int]:
    data = seed(sqlite_url, HASHER)
    return TestClient(create_app(sqlite_url, WebSettings(secret_key="k"))), sqlite_url, data.main_item


@pytest.mark.parametrize("token", [None, "", "forged-token"], ids=["missing", "empty", "wrong"])
def test_post_without_the_session_csrf_token_is_refused(app_url: tuple[TestClient, str, int],
                                                        token: str | None) -> None:
    client, url, item = app_url
    login(client, "qa1")
    form = {"hit_id": "1", "verdict": "confirmed"} | ({"csrf_token": token} if token is not None else {})
    resp = client.post(f"/calls/{item}/verdict", data=form, follow_redirects=False)
    assert resp.status_code == 403 and "CSRF" in resp.text
    with session_scope(url) as s:
        assert s.scalar(select(HitVerdict)) is None


def test_login_form_needs_csrf_too(app_url: tuple[TestClient, str, int]) -> None:
    client, _, _ = app_url
    resp = client.post("/login", data={"username": "qa1", "password": PASSWORD}, follow_redirects=False)
    assert resp.status_code == 403


def _attempt(client: TestClient, password: str) -> int:
    return client.post("/login", data={"username": "qa1", "password": password, "csrf_token": csrf_of(client)},
                       follow_redirects=False).status_code


def test_success_resets_the_failure_count(app_url: tuple[TestClient, str, int]) -> None:
    client, _, _ = app_url
    assert [_attempt(client, "wrong") for _ in range(4)] == [401] * 4
    assert _attempt(client, PASSWORD) == 303
    assert [_attempt(client, "wrong") for _ in range(4)] == [401] * 4


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_flags(sqlite_url: str, secure: bool) -> None:
    seed(sqlite_url, HASHER)
    client = TestClient(create_app(sqlite_url, WebSettings(secret_key="k", secure_cookies=secure)),
                        base_url="https://testserver")
    token = csrf_of(client)
    resp = client.post("/login", data={"username": "qa1", "password": PASSWORD, "csrf_token": token},
                       follow_redirects=False)
    cookie = resp.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert ("; secure" in cookie) is secure


def test_disabled_user_loses_access_at_once(app_url: tuple[TestClient, str, int]) -> None:
    client, url, _ = app_url
    login(client, "qa1")
    assert client.get("/queue").status_code == 200
    with session_scope(url) as s:
        user = s.scalars(select(User).where(User.username == "qa1")).one()
        user.active = False
    assert client.get("/queue", follow_redirects=False).status_code == 303
    assert _attempt(TestClient(client.app), PASSWORD) == 401


def test_security_headers(app_url: tuple[TestClient, str, int]) -> None:
    client, _, _ = app_url
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY" and "default-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


def test_back_parameter_is_not_an_open_redirect(app_url: tuple[TestClient, str, int]) -> None:
    client, _, item = app_url
    login(client, "qa1")
    resp = client.post(f"/queue/{item}/claim", data={"csrf_token": csrf_of(client), "back": "https://evil.example/"},
                       follow_redirects=False)
    assert resp.headers["location"] == "/queue"


def test_passwords_are_salted_scrypt_and_verified() -> None:
    one, two = hash_password("秘密-passw0rd"), hash_password("秘密-passw0rd")
    assert one != two and one.startswith("scrypt$")
    assert verify_password("秘密-passw0rd", one)
    assert not verify_password("秘密-passw0rd!", one)
    assert not verify_password("x", None) and not verify_password("x", "md5$abc")


def test_no_page_serves_raw_personal_data(app_url: tuple[TestClient, str, int]) -> None:
    """The seeded call's raw phone, ID number and name went through the redactor; no page may show them."""
    client, _, item = app_url
    login(client, "admin1")
    pages = ["/queue", "/queue?status=all", f"/calls/{item}", "/appeals?status=all", "/rules", "/compliance",
             "/compliance/calls/1", "/compliance/export.csv", "/compliance/export.json", f"/calls/{item}/audio"]
    for path in pages:
        body = client.get(path).text
        assert not [v for v in RAW_VALUES if v in body], path
    assert "〔手机号〕" in client.get(f"/calls/{item}").text


@pytest.mark.parametrize(("path", "form"), [
    ("/calls/{item}/verdict", {"hit_id": "13812345678abc", "verdict": "confirmed"}),
    ("/calls/{item}/score", {"new_score": "13812345678abc", "reason": "x"}),
    ("/calls/13812345678abc/resolve", {}),
])
def test_malformed_input_is_refused_in_chinese_without_echo(app_url: tuple[TestClient, str, int], path: str,
                                                            form: dict[str, str]) -> None:
    client, _, item = app_url
    anonymous = TestClient(client.app)
    login(client, "qa1")
    url = path.format(item=item)
    resp = client.post(url, data=form | {"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert resp.status_code == 400 and "请求参数无效" in resp.text and "13812345678" not in resp.text
    assert anonymous.post(url, data=form, follow_redirects=False).status_code in (401, 403)


def test_unknown_pages_and_methods_answer_in_chinese(app_url: tuple[TestClient, str, int]) -> None:
    client, _, _ = app_url
    missing = client.get("/nope/13812345678")
    assert missing.status_code == 404 and "页面不存在" in missing.text and "13812345678" not in missing.text
    assert client.put("/login").status_code == 405 and "不支持" in client.put("/login").text
