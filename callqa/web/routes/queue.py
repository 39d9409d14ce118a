"""The review queue: counts, filters, one page of items; claim and assign."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.web.actions import run_step
from callqa.web.auth import REVIEWERS, CurrentUser, check_csrf, require
from callqa.web.bounds import DbId, page_number
from callqa.web.render import flash, page
from storage.db import session_scope
from storage.models import ReviewItem
from storage.review import User
from storage.review_auto import apply_auto_close
from storage.review_ops import ReviewError, assign, claim
from storage.review_queries import QueueFilter, filter_choices, next_unassigned, queue_counts, queue_page

router = APIRouter()
Reviewer = Annotated[CurrentUser, Depends(require(*REVIEWERS))]
Lead = Annotated[CurrentUser, Depends(require("supervisor", "admin"))]


def _filter(params: dict[str, str]) -> QueueFilter:
    try:
        day = date.fromisoformat(params["day"]) if params.get("day") else None
    except ValueError:
        day = None
    status = params.get("status", "open")
    return QueueFilter(day=day, queue=params.get("queue") or None, agent=params.get("agent") or None,
                       indicator=params.get("indicator") or None, severity=params.get("severity") or None,
                       status=None if status == "all" else status, high_sensitivity=params.get("high") == "1",
                       assignee=params.get("assignee") or None)


@router.get("/queue", response_class=HTMLResponse)
def queue_view(request: Request, user: Reviewer) -> Response:
    params = dict(request.query_params)
    f = _filter(params)
    page_no = page_number(params.get("page"))
    per_page = request.app.state.settings.per_page
    now = datetime.now(UTC)
    with session_scope(request.app.state.db_url) as session:
        apply_auto_close(session)  # new items from the nightly run: confirm hits of switched-on rules first
        rows, total = queue_page(session, f, page=page_no, per_page=per_page)
        counts = queue_counts(session, now=now, user=user.username)
        choices = filter_choices(session)
        reviewers = list(session.scalars(select(User.username).where(User.active.is_(True),
                                                                     User.role.in_(REVIEWERS))
                                         .order_by(User.username)))
    for r in rows:
        due = r["item"].due_at if r["item"].due_at.tzinfo else r["item"].due_at.replace(tzinfo=UTC)
        r["overdue"] = r["item"].status == "open" and due < now
    pages = max(1, -(-total // per_page))
    query = {k: v for k, v in params.items() if k != "page" and v}
    return page(request, "queue.html", rows=rows, total=total, counts=counts, choices=choices, params=params,
                page_no=page_no, pages=pages, query=query, reviewers=reviewers)


def _back(back: str) -> str:
    """Return to the queue page the form was on; only queue paths (no open redirect)."""
    return back if back.startswith("/queue?") and "//" not in back and "\\" not in back else "/queue"


@router.post("/queue/{item_id}/claim", dependencies=[Depends(check_csrf)])
def claim_item(request: Request, item_id: DbId, user: Reviewer, back: Annotated[str, Form()] = "") -> Response:
    return run_step(request, item_id, _back(back), "已领取",
                    lambda s, item: claim(s, item, user.username))


@router.post("/queue/{item_id}/assign", dependencies=[Depends(check_csrf)])
def assign_item(request: Request, item_id: DbId, user: Lead, assignee: Annotated[str, Form()] = "",
                back: Annotated[str, Form()] = "") -> Response:
    def step(session: Session, item: ReviewItem) -> None:
        if assignee and session.scalar(select(User.id).where(User.username == assignee, User.active.is_(True),
                                                             User.role.in_(REVIEWERS))) is None:
            raise ReviewError("只能分派给在职的质检员、主管或管理员")
        assign(session, item, assignee, user.username)

    return run_step(request, item_id, _back(back), "已分派", step)


@router.post("/queue/next", dependencies=[Depends(check_csrf)])
def claim_next(request: Request, user: Reviewer, filters: Annotated[str, Form()] = "") -> Response:
    """领取下一条: claim the most urgent unassigned item under the current filters and open it."""
    f = _filter(dict(parse_qsl(filters)))
    taken: list[int] = []
    with session_scope(request.app.state.db_url) as session:
        while len(taken) < 5 and (item := next_unassigned(session, f, skip=tuple(taken))) is not None:
            try:
                claim(session, item, user.username)
                return RedirectResponse(f"/calls/{item.id}", status_code=303)
            except ReviewError:  # someone else claimed it a moment ago: take the next one
                taken.append(item.id)
    flash(request, "没有可领取的条目", "error")
    return RedirectResponse("/queue", status_code=303)
