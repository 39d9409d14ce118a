"""检索: every scored call by date, agent, team, queue, indicator, score, severity, channel and full text over
the redacted transcripts; and the read-only view of a call that is not in the review queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from callqa.web.auth import REVIEWERS, CurrentUser, Refused, require
from callqa.web.bounds import DbId, page_number
from callqa.web.conversation import build_turns, segment_notes
from callqa.web.render import page
from callqa.web.report_params import search_filter
from callqa.web.routes.calls import _hit_view
from storage.db import session_scope
from storage.models import Interaction, ReviewItem, Score, SegmentRow
from storage.report_models import Agent
from storage.report_queries import NO_TEAM
from storage.search_queries import COUNT_CAP, count, search

router = APIRouter()
Reviewer = Annotated[CurrentUser, Depends(require(*REVIEWERS))]
PER_PAGE = 50


@router.get("/search", response_class=HTMLResponse)
def search_view(request: Request, user: Reviewer) -> Response:
    params = dict(request.query_params)
    f = search_filter(params)
    page_no = page_number(params.get("page"))
    with session_scope(request.app.state.db_url) as session:
        rows = search(session, f, page=page_no, per_page=PER_PAGE)
        total = count(session, f)
        teams = sorted({*session.scalars(select(Agent.team).distinct()), NO_TEAM})
    query = f.query()
    return page(request, "search.html", rows=rows, total=total, capped=total > COUNT_CAP, cap=COUNT_CAP, f=f,
                query=query, page_no=page_no, pages=max(1, -(-min(total, COUNT_CAP) // PER_PAGE)), teams=teams)


@router.get("/interactions/{interaction_id}", response_class=HTMLResponse)
def interaction_view(request: Request, interaction_id: DbId, user: Reviewer) -> Response:
    """A call in the review queue opens its review page; any other scored call opens here, read-only."""
    with session_scope(request.app.state.db_url) as session:
        item_id = session.scalar(select(ReviewItem.id).where(ReviewItem.interaction_id == interaction_id))
        if item_id is not None:
            return RedirectResponse(f"/calls/{item_id}", status_code=303)
        inter = session.get(Interaction, interaction_id)
        score_id = session.scalar(select(func.max(Score.id)).where(Score.interaction_id == interaction_id))
        if inter is None or score_id is None:
            raise Refused(404, "通话不存在或尚未评分")
        score = session.get_one(Score, score_id)
        hits = list(score.hits)
        segments = session.execute(select(SegmentRow.idx, SegmentRow.speaker, SegmentRow.start_s, SegmentRow.end_s,
                                          SegmentRow.text).where(SegmentRow.interaction_id == inter.id)
                                   .order_by(SegmentRow.idx)).tuples().all()
        notes = segment_notes(session.execute(select(SegmentRow.idx, SegmentRow.flags, SegmentRow.role_confidence)
                                              .where(SegmentRow.interaction_id == inter.id)).tuples().all())
        turns = build_turns(list(segments), [_hit_view(h) for h in hits])
        dims = score.dimensions if isinstance(score.dimensions, list) else list(score.dimensions.values())
        return page(request, "interaction.html", inter=inter, score=score, hits=hits, turns=turns, seg_notes=notes,
                    hits_by_id={h.id: h for h in hits}, dimensions=dims)
