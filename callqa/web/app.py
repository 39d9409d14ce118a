"""The review workbench: ``create_app(db_url)`` builds the FastAPI app (server-rendered, Simplified Chinese)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from callqa.web.api import routes as api_routes
from callqa.web.api.auth import ApiRefused, api_refusal
from callqa.web.auth import Refused
from callqa.web.routes import agent, appeals, calibration, calls, compliance, login, queue, reports, rules, search
from callqa.web.routes import rescore as rescore_page
from callqa.web.settings import WebSettings

log = logging.getLogger("callqa.web")
PAGES = (login, queue, calls, appeals, rules, compliance, agent, calibration, reports, search, rescore_page)
"""One router per page, mounted without prefixes (the access test walks these)."""
API = (api_routes,)
"""The ``/api/v1`` routers (``tests/web/test_api_access.py`` walks these)."""
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; media-src 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


HTTP_REASONS = {404: "页面不存在", 405: "不支持该请求方式"}


def _bare(status: int, reason: str) -> HTMLResponse:
    body = f"<!doctype html><meta charset=utf-8><title>callqa 提示</title><p>{reason}</p><p><a href=/>返回</a></p>"
    return HTMLResponse(body, status_code=status)


def _refusal(request: Request, exc: Exception) -> Response:
    """No data in refusals: a fixed page with the reason. Unauthenticated page loads go to the login form."""
    assert isinstance(exc, Refused)
    log.info("refused %s %s: %d", request.method, request.url.path, exc.status)
    if exc.status == 401 and request.method == "GET":
        return RedirectResponse("/login", status_code=303)
    return _bare(exc.status, exc.reason)


def _invalid(request: Request, exc: Exception) -> Response:
    """A malformed form or path value: Chinese message, and unlike FastAPI's default, no echo of the input."""
    assert isinstance(exc, RequestValidationError)
    fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
    log.info("invalid request %s %s: fields %s", request.method, request.url.path, ",".join(fields))
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "invalid", "message": "请求参数无效", "fields": fields}, status_code=400)
    return _bare(400, "请求参数无效，请返回页面后重试")


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _bare(exc.status_code, HTTP_REASONS.get(exc.status_code, "请求无法处理"))


def create_app(db_url: str, settings: WebSettings | None = None) -> FastAPI:
    """The app for one database; run ``storage.db.migrate`` before serving."""
    if settings is None:
        from callqa.config import web_settings

        settings = web_settings()
    app = FastAPI(title="callqa 质检复核台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.db_url = db_url
    app.state.settings = settings

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="callqa_session",
                       max_age=settings.session_hours * 3600, same_site="strict", https_only=settings.secure_cookies)
    app.state.api_clock = time.time  # epoch seconds for the API rate windows (tests pin it)
    app.add_exception_handler(Refused, _refusal)
    app.add_exception_handler(ApiRefused, api_refusal)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    for module in (*PAGES, *API):
        app.include_router(module.router)
    return app
