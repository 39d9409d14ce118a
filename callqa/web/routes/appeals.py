"""Appeals (申诉): a supervisor files on a hit or the score within the window; a QA specialist re-checks and
rules (accept / reject with reason); a final ruling locks the item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.web.actions import note_text, run_step
from callqa.web.auth import REVIEWERS, CurrentUser, Refused, check_csrf, require
from callqa.web.bounds import DbId
from callqa.web.render import page
from storage.db import session_scope
from storage.models import HitRow, Interaction, ReviewItem
from storage.review import Appeal
from storage.review_ops import ReviewError, file_appeal, recheck, rule_appeal

router = APIRouter()
Reviewer = Annotated[CurrentUser, Depends(require(*REVIEWERS))]
Filer = Annotated[CurrentUser, Depends(require("supervisor", "admin"))]
Judge = Annotated[CurrentUser, Depends(require("qa", "admin"))]


@router.get("/appeals", response_class=HTMLResponse)
def appeals_view(request: Request, user: Reviewer) -> Response:
    status = request.query_params.get("status", "filed")
    stmt = (select(Appeal, Interaction.call_id, HitRow.indicator, HitRow.title)
            .join(ReviewItem, Appeal.review_item_id == ReviewItem.id)
            .join(Interaction, ReviewItem.interaction_id == Interaction.id)
            .outerjoin(HitRow, Appeal.hit_id == HitRow.id).order_by(Appeal.id.desc()).limit(200))
    if status != "all":
        stmt = stmt.where(Appeal.status == status)
    with session_scope(request.app.state.db_url) as session:
        rows = session.execute(stmt).tuples().all()
    return page(request, "appeals.html", rows=rows, status=status)


@router.post("/calls/{item_id}/appeal", dependencies=[Depends(check_csrf)])
def file(request: Request, item_id: DbId, user: Filer, reason: Annotated[str, Form()] = "",
         hit_id: Annotated[str, Form()] = "") -> Response:
    window = request.app.state.settings.appeal_window_days

    def step(session: Session, item: ReviewItem) -> None:
        target = int(hit_id) if hit_id.isdigit() else None
        file_appeal(session, item, target, note_text(reason), user.username, now=datetime.now(UTC),
                    window_days=window)

    return run_step(request, item_id, f"/calls/{item_id}#appeals", "已提交申诉", step)


def _appeal_step(request: Request, appeal_id: int, done: str,
                 act: Callable[[Session, ReviewItem, Appeal], None]) -> Response:
    with session_scope(request.app.state.db_url) as session:
        appeal = session.get(Appeal, appeal_id)
        if appeal is None:
            raise Refused(404, "申诉不存在")
        item_id = appeal.review_item_id

    def step(session: Session, item: ReviewItem) -> None:
        act(session, item, session.get_one(Appeal, appeal_id))

    return run_step(request, item_id, f"/calls/{item_id}#appeals", done, step)


@router.post("/appeals/{appeal_id}/recheck", dependencies=[Depends(check_csrf)])
def recheck_appeal(request: Request, appeal_id: DbId, user: Judge, note: Annotated[str, Form()] = "") -> Response:
    return _appeal_step(request, appeal_id, "已记录复查意见",
                        lambda s, item, appeal: recheck(s, item, appeal, note_text(note), user.username))


@router.post("/appeals/{appeal_id}/rule", dependencies=[Depends(check_csrf)])
def rule(request: Request, appeal_id: DbId, user: Judge, decision: Annotated[str, Form()],
         reason: Annotated[str, Form()] = "", final: Annotated[str, Form()] = "",
         new_score: Annotated[str, Form()] = "") -> Response:
    if decision not in ("accept", "reject"):
        raise Refused(400, "裁决只能是 申诉成立 或 驳回")
    try:
        score = float(new_score) if new_score.strip() else None
    except ValueError:
        score = None

    def act(session: Session, item: ReviewItem, appeal: Appeal) -> None:
        if appeal.review_item_id != item.id:
            raise ReviewError("申诉与条目不符")
        rule_appeal(session, item, appeal, accept=decision == "accept", reason=note_text(reason), final=final == "1",
                    actor=user.username, new_score=score, may_rule_own=user.role == "admin")

    return _appeal_step(request, appeal_id, "已裁决", act)
