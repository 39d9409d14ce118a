"""Call detail: conversation with highlighted evidence, scorecard, per-hit verdicts, score adjustment, resolve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.web.actions import check_assignee, load_item, note_text, run_step
from callqa.web.auth import REVIEWERS, CurrentUser, Refused, check_csrf, require
from callqa.web.bounds import DbId, FormId
from callqa.web.conversation import HitView, build_turns, segment_notes
from callqa.web.render import page
from storage.agent_ops import CoachingNote
from storage.db import session_scope
from storage.models import HitRow, Interaction, ReviewItem, Score, SegmentRow
from storage.review import Appeal, HitVerdict, ReviewAction, ReviewItemState, RuleSetting, ScoreAdjustment
from storage.review_ops import adjust_score, claim, effective_score, hit_of, require_open, resolve, set_verdict

router = APIRouter()
SOURCE_ZH = {"manual": "人工调整", "verdict": "命中结论", "appeal": "申诉裁决"}
Reviewer = Annotated[CurrentUser, Depends(require(*REVIEWERS))]


def _hit_view(hit: HitRow) -> HitView:
    matches = tuple((int(m["segment"]), int(m["start"]), int(m["end"]), str(m["text"])) for m in hit.matches or [])
    heard = frozenset((int(m["segment"]), int(m["start"]), int(m["end"]))
                      for m in hit.matches or [] if m.get("by_sound"))
    return HitView(hit.id, hit.indicator, hit.severity, tuple(int(s) for s in hit.segments), matches, heard)


def redacted_audio(stored: str | None, media_dir: Path) -> Path | None:
    """The reviewers' copy (``*.redacted.ogg`` inside the media directory) if it exists; never anything else,
    so an inbox original cannot be served even if a row pointed at one."""
    if not stored:
        return None
    path, media = Path(stored).resolve(), media_dir.resolve()
    ok = path.name.endswith(".redacted.ogg") and path.is_relative_to(media) and path.is_file()
    return path if ok else None


def detail_context(session: Session, item: ReviewItem, media_dir: Path) -> dict[str, Any]:
    inter = session.get_one(Interaction, item.interaction_id)
    score = session.get_one(Score, item.score_id)
    hits = list(score.hits)
    segments = session.execute(select(SegmentRow.idx, SegmentRow.speaker, SegmentRow.start_s, SegmentRow.end_s,
                                      SegmentRow.text).where(SegmentRow.interaction_id == inter.id)
                               .order_by(SegmentRow.idx)).tuples().all()
    seg_notes = segment_notes(session.execute(
        select(SegmentRow.idx, SegmentRow.flags, SegmentRow.role_confidence)
        .where(SegmentRow.interaction_id == inter.id)).tuples().all())
    hit_ids = [h.id for h in hits]
    verdicts = {v.hit_id: v for v in session.scalars(select(HitVerdict).where(HitVerdict.hit_id.in_(hit_ids)))}
    auto = set(session.scalars(select(RuleSetting.indicator).where(RuleSetting.auto_close.is_(True))))
    turns = build_turns(list(segments), [_hit_view(h) for h in hits])
    dims = score.dimensions if isinstance(score.dimensions, list) else list(score.dimensions.values())
    return {
        "item": item, "inter": inter, "score": score, "hits": hits, "verdicts": verdicts, "auto_close": auto,
        "turns": turns, "seg_notes": seg_notes, "seg_start": {t.idx: t.start_s for t in turns},
        "hits_by_id": {h.id: h for h in hits}, "dimensions": dims,
        "effective": effective_score(session, item), "source_zh": SOURCE_ZH,
        "adjustments": list(session.scalars(select(ScoreAdjustment).where(ScoreAdjustment.review_item_id == item.id)
                                            .order_by(ScoreAdjustment.id))),
        "actions": list(session.scalars(select(ReviewAction).where(ReviewAction.review_item_id == item.id)
                                        .order_by(ReviewAction.id))),
        "appeals": list(session.scalars(select(Appeal).where(Appeal.review_item_id == item.id).order_by(Appeal.id))),
        "state": session.get(ReviewItemState, item.id),
        "coaching": list(session.scalars(select(CoachingNote).where(CoachingNote.interaction_id == inter.id)
                                         .order_by(CoachingNote.id))),
        "has_audio": redacted_audio(inter.redacted_audio, media_dir) is not None,
    }


@router.get("/calls/{item_id}", response_class=HTMLResponse)
def call_detail(request: Request, item_id: DbId, user: Reviewer) -> Response:
    with session_scope(request.app.state.db_url) as session:
        context = detail_context(session, load_item(session, item_id), request.app.state.settings.media_dir)
    return page(request, "detail.html", **context)


@router.get("/calls/{item_id}/audio")
def call_audio(request: Request, item_id: DbId, user: Reviewer) -> Response:
    """The REDACTED recording only, and only from the media directory (never an inbox original)."""
    with session_scope(request.app.state.db_url) as session:
        inter = session.get_one(Interaction, load_item(session, item_id).interaction_id)
        path = redacted_audio(inter.redacted_audio, Path(request.app.state.settings.media_dir))
    if path is None:
        raise Refused(404, "无录音（脱敏音频待生成）")
    return FileResponse(path, media_type="audio/ogg")


def _back(item_id: int) -> str:
    return f"/calls/{item_id}"


@router.post("/calls/{item_id}/verdict", dependencies=[Depends(check_csrf)])
def verdict(request: Request, item_id: DbId, user: Reviewer, hit_id: FormId,
            verdict: Annotated[str, Form()], comment: Annotated[str, Form()] = "") -> Response:
    def step(session: Session, item: ReviewItem) -> None:
        check_assignee(item, user)
        require_open(item)
        if item.assignee is None:  # the first verdict claims the item
            claim(session, item, user.username)
        set_verdict(session, item, hit_of(session, item, hit_id), verdict, note_text(comment), user.username)

    return run_step(request, item_id, f"{_back(item_id)}#hit-{hit_id}", "已保存结论", step)


@router.post("/calls/{item_id}/score", dependencies=[Depends(check_csrf)])
def score(request: Request, item_id: DbId, user: Reviewer, new_score: Annotated[float, Form()],
          reason: Annotated[str, Form()] = "") -> Response:
    def step(session: Session, item: ReviewItem) -> None:
        check_assignee(item, user)
        require_open(item)
        adjust_score(session, item, new_score, note_text(reason), user.username)

    return run_step(request, item_id, _back(item_id), "已调整分数", step)


@router.post("/calls/{item_id}/resolve", dependencies=[Depends(check_csrf)])
def resolve_item(request: Request, item_id: DbId, user: Reviewer, note: Annotated[str, Form()] = "") -> Response:
    def step(session: Session, item: ReviewItem) -> None:
        check_assignee(item, user)
        resolve(session, item, note_text(note), user.username)

    return run_step(request, item_id, _back(item_id), "已完结", step)
