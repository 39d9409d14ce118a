"""Bearer-token authentication for the API: 401 without or with a wrong token, 403 for a role the matching
page refuses, 429 past the rate limit (a counter per token in the database, D133). Refusals are JSON and
carry no data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import JSONResponse

from callqa.web.auth import CurrentUser, current_user
from storage import api_rate, api_tokens
from storage.db import session_scope


class ApiRefused(Exception):
    def __init__(self, status: int, code: str, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


def api_refusal(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiRefused)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
    if exc.retry_after:
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse({"error": exc.code, "message": exc.message}, status_code=exc.status, headers=headers)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def token_user(request: Request) -> CurrentUser:
    """The user of the presented token, counted against the rate limit; ApiRefused 401 / 429 otherwise."""
    plain = _bearer(request)
    if plain is None:
        raise ApiRefused(401, "unauthenticated", "需要 API 令牌：Authorization: Bearer <令牌>")
    with session_scope(request.app.state.db_url) as session:
        found = api_tokens.user_for(session, plain, now=datetime.now(UTC))
        if found is None:
            raise ApiRefused(401, "invalid_token", "API 令牌无效、已吊销或已过期")
        user, token_id = found
        who = CurrentUser(user.id, user.username, user.display_name, user.role)
    with session_scope(request.app.state.db_url) as session:  # counted (committed) even when refused
        wait = api_rate.take(session, token_id, request.app.state.settings.api_rate_per_minute,
                             request.app.state.api_clock())
    if wait:
        raise ApiRefused(429, "rate_limited", f"请求过于频繁，请 {wait} 秒后重试", retry_after=wait)
    return who


def api_user(*roles: str) -> Callable[[Request], CurrentUser]:
    """Dependency: the token's user if their role is one of ``roles``."""

    def dependency(request: Request) -> CurrentUser:
        user = token_user(request)
        if user.role not in roles:
            raise ApiRefused(403, "forbidden", "该角色无权访问此接口")
        request.state.user = user
        return user

    return dependency


def signed_in(request: Request) -> CurrentUser:
    """A session user (the browser) or a token user: for the API's documentation."""
    user = current_user(request)
    return user if user is not None else token_user(request)
