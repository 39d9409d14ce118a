"""Web fixtures: a seeded database, the app, and a logged-in TestClient per role."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callqa.web import create_app
from callqa.web.settings import WebSettings
from common.keys import KeyedHasher
from storage.audit_anchor import write_anchor
from storage.audit_chain import ChainKeys
from storage.db import migrate, resolve_url, session_scope
from tests.web.seed import PASSWORD, Seeded, seed

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
HASHER = KeyedHasher(b"test-key-0123456789abcdef0123456")


def csrf_of(client: TestClient, path: str = "/login") -> str:
    match = TOKEN.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client)
    resp = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)
    assert resp.status_code == 303, resp.text
    return client


def web_settings(**overrides: object) -> WebSettings:
    """Test settings: the test key in a key file and an anchor file of its own, in a scratch folder."""
    folder = Path(tempfile.mkdtemp(prefix="callqa-web-"))
    (folder / "hmac.key").write_text(HASHER.key.hex())
    return WebSettings(**({"secret_key": "test-secret", "key_file": folder / "hmac.key",  # type: ignore[arg-type]
                           "anchor_file": folder / "anchor.jsonl"} | overrides))


def anchor_now(url: str, settings: WebSettings) -> None:
    with session_scope(url) as session:
        write_anchor(session, settings.anchor_file, ChainKeys(HASHER))


def seeded_app(url: str) -> tuple[TestClient, Seeded]:
    data = seed(url, HASHER)
    settings = web_settings()
    anchor_now(url, settings)
    app = create_app(url, settings)
    return TestClient(app), data


@pytest.fixture
def web(db_url: str) -> Iterator[tuple[Callable[[str | None], TestClient], Seeded]]:
    """(client factory by username — None for no session, seeded ids) on SQLite and PostgreSQL."""
    data = seed(db_url, HASHER)
    settings = web_settings()
    anchor_now(db_url, settings)
    app = create_app(db_url, settings)
    clients: list[TestClient] = []

    def client_for(username: str | None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        return login(client, username) if username else client

    yield client_for, data
    for c in clients:
        c.close()


@pytest.fixture(scope="module")
def module_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = resolve_url(f"sqlite:///{Path(tmp_path_factory.mktemp('web')) / 'callqa.db'}")
    migrate(url)
    return url


def post(client: TestClient, path: str, **data: str) -> str:
    """POST a form with the session's CSRF token; follow the redirect; return the page shown."""
    resp = client.post(path, data=data | {"csrf_token": csrf_of(client)}, follow_redirects=True)
    assert resp.status_code == 200, (resp.status_code, resp.text[:300])
    return resp.text
