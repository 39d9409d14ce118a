"""Helpers for API tests: a bearer token per seeded user."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage import api_tokens
from storage.db import session_scope
from storage.review import User
from tests.web.seed import USERS


def tokens_for(url: str, names: tuple[str, ...] = tuple(USERS)) -> dict[str, str]:
    out = {}
    with session_scope(url) as s:
        for name in names:
            user = s.scalars(select(User).where(User.username == name)).one()
            out[name] = api_tokens.issue(s, user, now=datetime.now(UTC))[1]
    return out


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
