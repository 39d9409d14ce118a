"""Quality of the rules: per-indicator precision from verdicts, hit rates, and the auto-close switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callqa.web.auth import CurrentUser, check_csrf, require
from callqa.web.render import flash, page
from storage.calibration import agreement
from storage.db import session_scope
from storage.review_auto import switch_auto_close
from storage.review_ops import ReviewError
from storage.review_queries import AUTO_CLOSE_MIN_PRECISION, AUTO_CLOSE_MIN_REVIEWED, rule_quality

router = APIRouter()
Lead = Annotated[CurrentUser, Depends(require("supervisor", "admin"))]


@router.get("/rules", response_class=HTMLResponse)
def rules_view(request: Request, user: Lead) -> Response:
    with session_scope(request.app.state.db_url) as session:
        stats = rule_quality(session)
        kappa = agreement(session)
    return page(request, "rules.html", stats=stats, kappa=kappa, min_reviewed=AUTO_CLOSE_MIN_REVIEWED,
                min_precision=AUTO_CLOSE_MIN_PRECISION)


@router.post("/rules/{indicator}/auto-close", dependencies=[Depends(check_csrf)])
def auto_close(request: Request, indicator: str, user: Lead, enabled: Annotated[str, Form()] = "0") -> Response:
    try:
        with session_scope(request.app.state.db_url) as session:
            closed = switch_auto_close(session, indicator, enabled == "1", user.username)
        flash(request, f"{indicator} 自动确认已{'开启' if enabled == '1' else '关闭'}"
                       + (f"，确认了 {closed} 条待复核命中" if closed else ""))
    except ReviewError as err:
        flash(request, str(err), "error")
    return RedirectResponse("/rules", status_code=303)
