"""Login, logout and the role-dependent start page."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callqa.web.auth import ALL_ROLES, CurrentUser, authenticate, check_csrf, client_of, require, throttled
from callqa.web.render import page
from storage.db import session_scope

router = APIRouter()
log = logging.getLogger("callqa.web")
HOME = {"qa": "/queue", "supervisor": "/queue", "admin": "/queue", "compliance": "/compliance", "agent": "/me"}


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return page(request, "login.html")


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> Response:
    settings = request.app.state.settings
    client = client_of(request)
    with session_scope(request.app.state.db_url) as session:
        if throttled(session, username, client, settings, datetime.now(UTC)):
            log.warning("login throttled for a username from %s", client)
            minutes = int(settings.login_window.total_seconds() // 60)
            return page(request, "login.html", status_code=429, error=f"登录失败次数过多，请 {minutes} 分钟后再试")
        user = authenticate(session, username, password, client)
        uid = user.id if user else None
    if uid is None:
        return page(request, "login.html", status_code=401, error="用户名或密码错误", username=username)
    request.session.clear()  # a fresh session (and CSRF token) for the signed-in user
    request.session["uid"] = uid
    return RedirectResponse("/", status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(user: Annotated[CurrentUser, Depends(require(*ALL_ROLES))]) -> Response:
    return RedirectResponse(HOME[user.role], status_code=303)
