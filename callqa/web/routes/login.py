"""Login, logout and the role-dependent start page."""

from __future__ import annotations

import logging
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callqa.web.auth import ALL_ROLES, CurrentUser, authenticate, check_csrf, client_of, login_limits, require
from callqa.web.render import page
from storage.db import session_scope
from storage.login_throttle import clear, give_back, reserve
from storage.web_sessions import open_session, revoke

router = APIRouter()
log = logging.getLogger("callqa.web")
HOME = {"qa": "/queue", "supervisor": "/queue", "admin": "/queue", "compliance": "/compliance", "agent": "/me"}


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return page(request, "login.html")


REFUSED = {"user": "该账号登录尝试过多，请 {s} 秒后再试", "client": "本机登录失败次数过多，请 {s} 秒后再试",
           "global": "系统登录尝试过多，请 {s} 秒后再试"}


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> Response:
    settings = request.app.state.settings
    client = client_of(request)
    limits = login_limits(settings, username, client)
    with session_scope(request.app.state.db_url) as session:  # its own short transaction: parallel requests count
        full = reserve(session, limits, time.time())
    if full is not None:
        kind = full.scope.split(":", 1)[0]
        log.warning("login throttled (%s scope) from %s", kind, client)
        return page(request, "login.html", status_code=429, error=REFUSED[kind].format(s=int(full.window_s)))
    with session_scope(request.app.state.db_url) as session:
        user = authenticate(session, username, password, client)
        token = None
        if user is not None:
            give_back(session, [limit.scope for limit in limits[1:]])
            clear(session, limits[0].scope)
            token = open_session(session, user.id, client, time.time())
    if token is None:
        return page(request, "login.html", status_code=401, error="用户名或密码错误", username=username)
    request.session.clear()  # a fresh session (and CSRF token) for the signed-in user
    request.session["sid"] = token
    return RedirectResponse("/", status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    token = request.session.get("sid")
    if isinstance(token, str):
        with session_scope(request.app.state.db_url) as session:
            revoke(session, token, time.time())
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(user: Annotated[CurrentUser, Depends(require(*ALL_ROLES))]) -> Response:
    return RedirectResponse(HOME[user.role], status_code=303)
