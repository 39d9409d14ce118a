"""``/api/v1`` routes. Roles as the pages: interactions, the queue and verdicts for reviewers (qa, supervisor,
admin — like 通话详情 and 复核队列), reports for supervisors and admins (like 规则质量)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from callqa.web.actions import check_assignee, load_item, note_text
from callqa.web.api.auth import ApiRefused, api_user, signed_in
from callqa.web.auth import ALL_ROLES, REVIEWERS, CurrentUser, Refused
from storage import api_queries
from storage.db import session_scope
from storage.review_ops import ReviewError, claim, hit_of, require_open, set_verdict
from storage.review_queries import QueueFilter, queue_page

router = APIRouter(prefix="/api/v1", tags=["callqa"])
LEADS = ("supervisor", "admin")
Reviewer = Annotated[CurrentUser, Depends(api_user(*REVIEWERS))]
Lead = Annotated[CurrentUser, Depends(api_user(*LEADS))]
MAX_LIMIT = 500


class VerdictIn(BaseModel):
    hit_id: int
    verdict: Literal["confirmed", "false_positive"]
    comment: str = Field(default="", max_length=500)


@router.get("/interactions", summary="Interactions with their latest score (newest call first)")
def interactions(request: Request, user: Reviewer, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
                 offset: Annotated[int, Query(ge=0)] = 0, call_id: str | None = None, queue: str | None = None,
                 agent: str | None = None, state: str | None = None, flagged: bool | None = None,
                 since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Filters: ``call_id`` prefix, queue, agent id, state, flagged, local call dates ``since``/``until``."""
    f = api_queries.InteractionFilter(call_id, queue, agent, state, flagged, since, until)
    with session_scope(request.app.state.db_url) as session:
        rows, total = api_queries.search(session, f, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/interactions/{call_id}", summary="One interaction: redacted transcript, scores, hits, review item")
def interaction(request: Request, call_id: str, user: Reviewer) -> dict[str, Any]:
    with session_scope(request.app.state.db_url) as session:
        found = api_queries.detail(session, call_id)
    if found is None:
        raise ApiRefused(404, "not_found", "没有该通话")
    return found


@router.get("/queue", summary="The review queue, most urgent first")
def queue(request: Request, user: Reviewer, page: Annotated[int, Query(ge=1)] = 1,
          per_page: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
          status: Literal["open", "resolved", "appealed", "locked"] | None = "open",
          severity: Literal["red", "yellow", "blue"] | None = None, queue: str | None = None,
          agent: str | None = None, indicator: str | None = None, assignee: str | None = None) -> dict[str, Any]:
    f = QueueFilter(status=status, severity=severity, queue=queue, agent=agent, indicator=indicator,
                    assignee=assignee)
    with session_scope(request.app.state.db_url) as session:
        rows, total = queue_page(session, f, page=page, per_page=per_page)
        items = [api_queries.review_item(session, r["item"]) | {"call_id": r["call_id"], "agent_id": r["agent_id"],
                                                               "queue": r["queue"], "score": r["score"]}
                 for r in rows]
    return {"total": total, "page": page, "per_page": per_page, "items": items}


@router.post("/review-items/{item_id}/verdicts", summary="确认 / 误报 on one hit (claims an unassigned item)")
def verdict(request: Request, item_id: int, body: VerdictIn, user: Reviewer) -> dict[str, Any]:
    try:
        with session_scope(request.app.state.db_url) as session:
            try:
                item = load_item(session, item_id, lock=True)
            except Refused:
                raise ApiRefused(404, "not_found", "条目不存在") from None
            check_assignee(item, user)
            require_open(item)
            if item.assignee is None:
                claim(session, item, user.username)
            set_verdict(session, item, hit_of(session, item, body.hit_id), body.verdict, note_text(body.comment),
                        user.username)
            session.flush()
            return api_queries.review_item(session, item)
    except ReviewError as err:
        raise ApiRefused(409, "refused", str(err)) from None


@router.get("/reports/daily", summary="Per local call day: scored, flagged, fatal, mean score, hits per indicator")
def daily(request: Request, user: Lead, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    until = until or datetime.now(UTC).date()
    since = since or until - timedelta(days=6)
    if since > until or (until - since).days > 366:
        raise ApiRefused(400, "bad_range", "since 须不晚于 until，且跨度不超过 366 天")
    with session_scope(request.app.state.db_url) as session:
        days = api_queries.daily_report(session, since, until)
    return {"since": since.isoformat(), "until": until.isoformat(), "days": days}


@router.get("/openapi.json", summary="This API's OpenAPI document (signed-in users only)")
def openapi(request: Request, user: Annotated[CurrentUser, Depends(signed_in)]) -> dict[str, Any]:
    assert user.role in ALL_ROLES
    return get_openapi(title="callqa API", version="1", routes=router.routes,
                       description="质检数据接口。认证：Authorization: Bearer <令牌>（callqa tokens add）。")
