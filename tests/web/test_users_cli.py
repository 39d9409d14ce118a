"""callqa users add | list | disable; callqa serve defaults."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callqa.cli import main
from callqa.web.passwords import verify_password
from storage.db import session_scope
from storage.review import User


def test_add_list_disable(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CALLQA_NEW_PASSWORD", "long-enough-1")
    assert main(["users", "add", "li", "--role", "qa", "--name", "李质检", "--db", sqlite_url]) == 0
    assert main(["users", "add", "li", "--role", "qa", "--db", sqlite_url]) == 2
    assert main(["users", "list", "--db", sqlite_url]) == 0
    assert "li                   qa          质检员  active" in capsys.readouterr().out
    assert main(["users", "disable", "li", "--db", sqlite_url]) == 0
    assert main(["users", "disable", "nobody", "--db", sqlite_url]) == 2
    with session_scope(sqlite_url) as s:
        user = s.scalars(select(User)).one()
        assert not user.active and user.display_name == "李质检"
        assert verify_password("long-enough-1", user.password_hash) and "long-enough-1" not in user.password_hash


def test_short_password_refused(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLQA_NEW_PASSWORD", "short")
    assert main(["users", "add", "li", "--role", "admin", "--db", sqlite_url]) == 2


def test_serve_binds_loopback_by_default() -> None:
    from callqa.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.secure_cookies) == ("127.0.0.1", 8000, False)
