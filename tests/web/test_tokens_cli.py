"""callqa tokens add | list | revoke, and the printed token working against the API (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from callqa.cli import main
from callqa.web import create_app
from callqa.web.settings import WebSettings
from storage.db import session_scope
from storage.review import ApiToken
from tests.web.api_support import bearer
from tests.web.conftest import HASHER
from tests.web.seed import seed


def test_add_use_list_revoke(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed(db_url, HASHER)
    assert main(["tokens", "add", "sup1", "--expires", "30", "--db", db_url]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("cqa_") and len(token) > 40
    with session_scope(db_url) as s:
        row = s.scalars(select(ApiToken)).one()
        assert token not in (row.token_hash, row.prefix) and token.startswith(row.prefix)
    client = TestClient(create_app(db_url, WebSettings(secret_key="t")))
    assert client.get("/api/v1/reports/daily", headers=bearer(token)).status_code == 200
    assert main(["tokens", "list", "--db", db_url]) == 0
    listed = capsys.readouterr().out
    assert "sup1" in listed and "active" in listed and token not in listed and "last used 20" in listed
    assert main(["tokens", "revoke", str(row.id), "--db", db_url]) == 0
    assert main(["tokens", "revoke", str(row.id), "--db", db_url]) == 2
    assert "no active token with id" in capsys.readouterr().err
    assert client.get("/api/v1/reports/daily", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(("argv", "message"), [
    (["tokens", "add", "nobody"], "no active user 'nobody'; see `callqa users list`"),
    (["tokens", "add", "sup1", "--expires", "0"], "--expires 0: must be a whole number of days ≥ 1"),
])
def test_add_refused(sqlite_url: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    seed(sqlite_url, HASHER)
    assert main([*argv, "--db", sqlite_url]) == 2
    assert message in capsys.readouterr().err
