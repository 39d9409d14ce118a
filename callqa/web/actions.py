"""POST-redirect-GET for review steps: load the item, run one step, flash the outcome, go back."""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from callqa.web.auth import CurrentUser, Refused
from callqa.web.render import flash
from storage.db import session_scope
from storage.models import ReviewItem
from storage.review_ops import ReviewError
from transcripts.redaction.engine import build_redactor

log = logging.getLogger("callqa.web")
NOTE_MAX_CHARS = 500


def note_text(value: str) -> str:
    """A reviewer's free text (comment, reason, note) as stored: trimmed, capped, and run through the same
    redactor as transcripts, since people paste phone numbers and ID numbers into comments too (at the default
    name search depth; built on the first note, not at import)."""
    redacted = build_redactor().redact_text(value.strip()[:NOTE_MAX_CHARS])
    if redacted.spans:
        log.info("redacted %d personal-data span(s) in a reviewer note", len(redacted.spans))
    return redacted.text


def load_item(session: Session, item_id: int, *, lock: bool = False) -> ReviewItem:
    """``lock`` holds the row until commit on PostgreSQL (FOR UPDATE), so concurrent steps on one item queue up
    instead of acting on a stale status."""
    item = session.get(ReviewItem, item_id, with_for_update=lock or None)
    if item is None:
        raise Refused(404, "条目不存在")
    return item


def check_assignee(item: ReviewItem, user: CurrentUser) -> None:
    """A QA specialist works only items that are unassigned or theirs; supervisors and admins work any."""
    if user.role == "qa" and item.assignee not in (None, user.username):
        raise ReviewError(f"该条目已分派给 {item.assignee}")


def run_step(request: Request, item_id: int, back: str, done: str,
             step: Callable[[Session, ReviewItem], None]) -> RedirectResponse:
    try:
        with session_scope(request.app.state.db_url) as session:
            step(session, load_item(session, item_id, lock=True))
        flash(request, done)
    except ReviewError as err:
        log.info("review step refused on item %d: %s", item_id, type(err).__name__)
        flash(request, str(err), "error")
    return RedirectResponse(back, status_code=303)
