"""重新评分预览 (D135): what a ``callqa rescore --dry-run`` would change, per indicator, and a button to apply it.

The preview runs the dry run over the chosen Beijing days (at most ``MAX_DAYS``) with the published rubric
versions of that moment; the apply form carries those versions (their hashes), and applying is refused when a
different version has been published since, so a QA manager applies exactly the change they looked at.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callqa.pipeline.published import Pins, published_pins
from callqa.pipeline.rescore import rescore
from callqa.web.auth import CurrentUser, Refused, check_csrf, require
from callqa.web.render import flash, page
from common.beijing import beijing_day
from common.errors import ConfigError

router = APIRouter()
Lead = Annotated[CurrentUser, Depends(require("supervisor", "admin"))]
log = logging.getLogger("callqa.web")
MAX_DAYS = 92
"""A preview re-scores every call of the range in the request; a quarter keeps it to minutes at worst."""


def _day(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Refused(400, f"{name}无效：应为 YYYY-MM-DD 格式的日期") from None


def _range(since: str, until: str) -> tuple[date, date]:
    first = _day(since, "开始日期")
    last = _day(until, "结束日期") if until else first + timedelta(days=MAX_DAYS - 1)
    if last < first or (last - first).days >= MAX_DAYS:
        raise Refused(400, f"日期范围无效：结束日期不早于开始日期，且最多 {MAX_DAYS} 天")
    return first, last


def fingerprint(pins: Pins) -> str:
    """The published versions as one form value: ``id:hash`` pairs."""
    return ",".join(f"{rubric_id}:{content_hash}" for rubric_id, content_hash in pins)


@router.get("/rules/rescore", response_class=HTMLResponse)
def preview(request: Request, user: Lead, since: str = "", until: str = "", queue: str = "") -> Response:
    db_url = request.app.state.db_url
    pins = published_pins(db_url)
    report, first, last = None, None, None
    if since and pins:
        first, last = _range(since, until)
        report = rescore(db_url, since=first, until=last, queue=queue[:64] or None, dry_run=True, pins=pins)
    return page(request, "rescore.html", pins=pins, report=report, since=first, until=last, queue=queue[:64],
                versions=fingerprint(pins), today=beijing_day(datetime.now(UTC)))


@router.post("/rules/rescore/apply", dependencies=[Depends(check_csrf)])
def apply(request: Request, user: Lead, since: Annotated[str, Form()], until: Annotated[str, Form()],
          versions: Annotated[str, Form()], queue: Annotated[str, Form()] = "") -> Response:
    first, last = _range(since, until)
    back = "/rules/rescore?" + urlencode({"since": first.isoformat(), "until": last.isoformat(), "queue": queue})
    pins = published_pins(request.app.state.db_url)
    if versions != fingerprint(pins):
        flash(request, "预览之后发布了新的评分规则版本，请核对新的预览后再应用", "error")
        return RedirectResponse(back, status_code=303)
    try:
        report = rescore(request.app.state.db_url, since=first, until=last, queue=queue[:64] or None, pins=pins)
    except ConfigError as err:
        log.error("rescore from the web refused: %s", err.where)
        flash(request, "评分规则版本无法重建，未重新评分；请联系管理员检查已发布的规则文件", "error")
        return RedirectResponse(back, status_code=303)
    log.info("%s applied a rescore of %s..%s: %d call(s)", user.username, first, last, report.rescored)
    flash(request, f"已重新评分 {report.rescored} 通：新增标记 {len(report.newly_flagged)} 通，"
                   f"取消标记 {len(report.unflagged)} 通；已复核的 {report.kept_reviewed} 通保持不变")
    return RedirectResponse(back, status_code=303)
