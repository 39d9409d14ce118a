"""Agents (坐席, D64): their own scored calls, coaching notes to acknowledge, appeal requests; and the
supervisors' side — coaching notes on the call page, forwarding or rejecting agents' appeal requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callqa.web.actions import note_text, run_step
from callqa.web.auth import CurrentUser, Refused, check_csrf, require
from callqa.web.render import flash, page
from storage.agent_ops import (
    AppealRequest,
    CoachingNote,
    acknowledge,
    add_note,
    decide,
    own_interaction,
    request_appeal,
)
from storage.db import session_scope
from storage.models import Interaction, ReviewItem, Score
from storage.review import HitVerdict, User
from storage.review_ops import ReviewError, effective_score

router = APIRouter()
Agent = Annotated[CurrentUser, Depends(require("agent"))]
Lead = Annotated[CurrentUser, Depends(require("supervisor", "admin"))]


def _agent_id(session: Session, user: CurrentUser) -> str | None:
    return session.scalar(select(User.agent_id).where(User.id == user.id))


@router.get("/me", response_class=HTMLResponse)
def my_calls(request: Request, user: Agent) -> Response:
    with session_scope(request.app.state.db_url) as session:
        agent_id = _agent_id(session, user)
        latest = select(Score.interaction_id, func.max(Score.id).label("sid")).group_by(Score.interaction_id).subquery()
        rows = session.execute(
            select(Interaction, Score).join(latest, latest.c.interaction_id == Interaction.id)
            .join(Score, Score.id == latest.c.sid)
            .where(Interaction.agent_id == agent_id, Interaction.agent_id.is_not(None),
                   Interaction.state.in_(("queued", "done")))
            .order_by(Interaction.started_at.desc()).limit(200)).tuples().all()
        unread = set(session.scalars(select(CoachingNote.interaction_id).join(Interaction)
                                     .where(CoachingNote.acknowledged_at.is_(None), Interaction.agent_id == agent_id)))
        return page(request, "me.html", rows=rows, unread=unread, agent_id=agent_id)  # hits load in the session


def _my_call_context(session: Session, user: CurrentUser, interaction_id: int) -> dict[str, Any]:
    try:
        inter = own_interaction(session, interaction_id, _agent_id(session, user))
    except LookupError:
        raise Refused(404, "通话不存在") from None
    score = session.scalars(select(Score).where(Score.interaction_id == inter.id).order_by(Score.id.desc())).first()
    item = session.scalar(select(ReviewItem).where(ReviewItem.interaction_id == inter.id))
    hits = list(score.hits) if score else []
    verdicts = {v.hit_id: v.verdict for v in session.scalars(
        select(HitVerdict).where(HitVerdict.hit_id.in_([h.id for h in hits])))}
    return {"inter": inter, "score": score, "item": item, "hits": hits, "verdicts": verdicts,
            "effective": effective_score(session, item) if item else (score.score if score else None),
            "notes": list(session.scalars(select(CoachingNote).where(CoachingNote.interaction_id == inter.id)
                                          .order_by(CoachingNote.id))),
            "requests": list(session.scalars(select(AppealRequest).where(AppealRequest.review_item_id == item.id)
                                             .order_by(AppealRequest.id))) if item else []}


@router.get("/me/calls/{interaction_id}", response_class=HTMLResponse)
def my_call(request: Request, interaction_id: int, user: Agent) -> Response:
    with session_scope(request.app.state.db_url) as session:
        context = _my_call_context(session, user, interaction_id)
    return page(request, "me_call.html", **context)


@router.post("/me/notes/{note_id}/ack", dependencies=[Depends(check_csrf)])
def ack_note(request: Request, note_id: int, user: Agent) -> Response:
    with session_scope(request.app.state.db_url) as session:
        note = session.get(CoachingNote, note_id)
        try:
            own_interaction(session, note.interaction_id if note else -1, _agent_id(session, user))
        except LookupError:
            raise Refused(404, "辅导意见不存在") from None
        assert note is not None
        acknowledge(session, note, now=datetime.now(UTC))
        back = f"/me/calls/{note.interaction_id}"
    flash(request, "已确认收到辅导意见")
    return RedirectResponse(back, status_code=303)


@router.post("/me/calls/{interaction_id}/appeal", dependencies=[Depends(check_csrf)])
def my_appeal(request: Request, interaction_id: int, user: Agent, reason: Annotated[str, Form()] = "",
              hit_id: Annotated[str, Form()] = "") -> Response:
    back = f"/me/calls/{interaction_id}"
    with session_scope(request.app.state.db_url) as session:
        try:
            own_interaction(session, interaction_id, _agent_id(session, user))
        except LookupError:
            raise Refused(404, "通话不存在") from None
        item = session.scalar(select(ReviewItem).where(ReviewItem.interaction_id == interaction_id))
        try:
            if item is None:
                raise ReviewError("该通话未进入复核，无需申诉")
            request_appeal(session, item, int(hit_id) if hit_id.isdigit() else None, note_text(reason), user.username)
            flash(request, "申诉请求已提交，等待主管处理")
        except ReviewError as err:
            flash(request, str(err), "error")
    return RedirectResponse(back, status_code=303)


@router.post("/calls/{item_id}/coaching", dependencies=[Depends(check_csrf)])
def coaching(request: Request, item_id: int, user: Lead, text: Annotated[str, Form()] = "") -> Response:
    def step(session: Session, item: ReviewItem) -> None:
        add_note(session, item, note_text(text), user.username)

    return run_step(request, item_id, f"/calls/{item_id}", "已添加辅导意见", step)


@router.get("/agent-appeals", response_class=HTMLResponse)
def agent_appeals(request: Request, user: Lead) -> Response:
    with session_scope(request.app.state.db_url) as session:
        rows = session.execute(select(AppealRequest, Interaction.call_id)
                               .join(ReviewItem, AppealRequest.review_item_id == ReviewItem.id)
                               .join(Interaction, ReviewItem.interaction_id == Interaction.id)
                               .order_by(AppealRequest.id.desc()).limit(200)).tuples().all()
    return page(request, "agent_appeals.html", rows=rows)


@router.post("/agent-appeals/{request_id}/{decision}", dependencies=[Depends(check_csrf)])
def decide_request(request: Request, request_id: int, decision: str, user: Lead,
                   reason: Annotated[str, Form()] = "") -> Response:
    if decision not in ("forward", "reject"):
        raise Refused(404, "页面不存在")
    with session_scope(request.app.state.db_url) as session:
        req = session.get(AppealRequest, request_id)
        if req is None:
            raise Refused(404, "申诉请求不存在")
        try:
            decide(session, req, forward=decision == "forward", reason=note_text(reason), actor=user.username,
                   now=datetime.now(UTC))
            flash(request, "已转为申诉" if decision == "forward" else "已驳回")
        except ReviewError as err:
            flash(request, str(err), "error")
    return RedirectResponse("/agent-appeals", status_code=303)
