"""The items a run works through, and how a failed one is reported."""

from __future__ import annotations

import traceback
from pathlib import Path

from callqa.pipeline.lifecycle import PendingItem
from storage.db import session_scope
from storage.interactions import pending


def pending_items(db_url: str) -> list[PendingItem]:
    """Every registered item not yet in a terminal state, by call id (what this run finishes)."""
    with session_scope(db_url) as session:
        return [PendingItem(id=i.id, call_id=i.call_id, kind=i.kind, state=i.state, source_name=i.source_name,
                            content_sha256=i.content_sha256) for i in pending(session)]


def failure_where(exc: BaseException) -> str:
    """Exception type and innermost frame only: messages may carry personal data, so they are not kept."""
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}" if last else type(exc).__name__
