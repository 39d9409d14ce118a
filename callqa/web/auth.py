"""Sessions, role checks, CSRF and login throttling.

The session cookie (Starlette's signed cookie: HttpOnly, SameSite=Strict, Secure when configured) holds only
a random session token and the CSRF token. The server-side session (``storage.web_sessions``) and the user are
re-read on every request, so logout, a password change and disabling a user take effect at once.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.web.passwords import verify_password
from callqa.web.settings import WebSettings
from storage.login_throttle import Limit
from storage.review import LoginAttempt, User
from storage.web_sessions import Timeouts, live_user

ALL_ROLES = ("qa", "supervisor", "compliance", "admin", "agent")
REVIEWERS = ("qa", "supervisor", "admin")


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: str


class Refused(Exception):
    """Rendered as a bare refusal page: the status and a generic reason, never data."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def check_csrf(request: Request) -> None:
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get("csrf")
    if not (isinstance(sent, str) and expected and hmac.compare_digest(sent, str(expected))):
        raise Refused(403, "表单已失效（CSRF 校验失败），请刷新页面后重试")


def timeouts(settings: WebSettings) -> Timeouts:
    return Timeouts(idle_s=settings.session_idle_minutes * 60.0, absolute_s=settings.session_hours * 3600.0)


def current_user(request: Request) -> CurrentUser | None:
    token = request.session.get("sid")
    if not isinstance(token, str):
        return None
    from storage.db import session_scope

    with session_scope(request.app.state.db_url) as session:
        uid = live_user(session, token, timeouts(request.app.state.settings), time.time())
        user = session.get(User, uid) if uid is not None else None
        if user is None or not user.active:
            return None
        return CurrentUser(user.id, user.username, user.display_name, user.role)


def require(*roles: str) -> Callable[[Request], CurrentUser]:
    """Dependency: the signed-in user, if their role is one of ``roles``; otherwise a refusal (401 / 403)."""

    def dependency(request: Request) -> CurrentUser:
        user = current_user(request)
        if user is None:
            raise Refused(401, "请先登录")
        if user.role not in roles:
            raise Refused(403, "无权访问此页面")
        request.state.user = user
        return user

    return dependency


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def login_limits(settings: WebSettings, username: str, client: str) -> list[Limit]:
    """The three throttle scopes of one attempt (see ``storage.login_throttle``)."""
    return [Limit(f"user:{username[:64]}", settings.login_max_failures, settings.login_user_delay.total_seconds()),
            Limit(f"client:{client[:64]}", settings.login_client_max, settings.login_window.total_seconds()),
            Limit("global", settings.login_global_max, settings.login_global_window.total_seconds())]


def authenticate(session: Session, username: str, password: str, client: str) -> User | None:
    """Check the password (constant work for unknown users) and record the attempt."""
    user = session.scalar(select(User).where(User.username == username))
    ok = verify_password(password, user.password_hash if user else None) and user is not None and user.active
    session.add(LoginAttempt(username=username[:64], client=client[:64], succeeded=ok))
    return user if ok else None
