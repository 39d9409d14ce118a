"""校准 (calibration, D66): QA specialists review a sample of resolved items again, blind to the first verdicts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.web.actions import load_item
from callqa.web.auth import CurrentUser, Refused, check_csrf, require
from callqa.web.render import flash, page
from storage.calibration import pending_for, record_blind
from storage.db import session_scope
from storage.models import HitRow, Interaction, ReviewItem, SegmentRow
from storage.review_ops import ReviewError

router = APIRouter()
Judge = Annotated[CurrentUser, Depends(require("qa", "admin"))]


def _pending(request: Request, session: Session, user: CurrentUser) -> list[tuple[ReviewItem, str]]:
    return pending_for(session, user.username, request.app.state.settings.calibration_share)


@router.get("/calibration", response_class=HTMLResponse)
def calibration_list(request: Request, user: Judge) -> Response:
    with session_scope(request.app.state.db_url) as session:
        rows = [(item.id, call_id) for item, call_id in _pending(request, session, user)]
    return page(request, "calibration.html", rows=rows)


@router.get("/calibration/{item_id}", response_class=HTMLResponse)
def calibration_item(request: Request, item_id: int, user: Judge) -> Response:
    with session_scope(request.app.state.db_url) as session:
        if item_id not in {i.id for i, _ in _pending(request, session, user)}:
            raise Refused(404, "该通话不在您的校准任务中")
        item = load_item(session, item_id)
        inter = session.get_one(Interaction, item.interaction_id)
        segments = session.execute(select(SegmentRow.idx, SegmentRow.speaker, SegmentRow.text)
                                   .where(SegmentRow.interaction_id == inter.id).order_by(SegmentRow.idx)).all()
        hits = list(session.scalars(select(HitRow).where(HitRow.score_id == item.score_id).order_by(HitRow.id)))
        return page(request, "calibration_item.html", item=item, inter=inter, segments=segments, hits=hits)


@router.post("/calibration/{item_id}", dependencies=[Depends(check_csrf)])
async def calibration_submit(request: Request, item_id: int, user: Judge) -> Response:
    form = await request.form()
    verdicts = {int(k.removeprefix("verdict_")): str(v) for k, v in form.items()
                if k.startswith("verdict_") and k.removeprefix("verdict_").isdigit()}
    with session_scope(request.app.state.db_url) as session:
        if item_id not in {i.id for i, _ in _pending(request, session, user)}:
            raise Refused(404, "该通话不在您的校准任务中")
        try:
            record_blind(session, load_item(session, item_id, lock=True), verdicts, user.username)
            flash(request, "校准复核已提交")
        except ReviewError as err:
            flash(request, str(err), "error")
            return RedirectResponse(f"/calibration/{item_id}", status_code=303)
    return RedirectResponse("/calibration", status_code=303)
