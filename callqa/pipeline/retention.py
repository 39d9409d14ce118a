"""Retention of originals in the inbox (PIPL Art. 19/47: keep personal data no longer than needed).

After a call is finished (``queued`` / ``done``) and, for recordings, its redacted copy exists, its original
files may leave the inbox after ``days``: moved to ``inbox/archive/<date>/`` or deleted. Every move or
deletion is a ``retention_events`` row. ``days = None`` keeps originals (the inbox owner decides).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import select

from callqa.pipeline.placing import move_unique
from storage.db import session_scope
from storage.models import Interaction, RetentionEvent
from storage.states import FINISHED_STATES
from transcripts.inbox import item_files

Action = Literal["archive", "delete"]


@dataclass(frozen=True)
class RetentionPolicy:
    days: float | None = None
    action: Action = "archive"

    def describe(self) -> str:
        return f"{self.action} after {self.days:g} days" if self.days is not None else "keep"


def _files(inbox: Path, inter: Interaction) -> list[Path]:
    return item_files(inbox / inter.source_name, inter.kind)


def apply_retention(db_url: str, inbox: Path, run_id: int | None, policy: RetentionPolicy,
                    now: datetime | None = None) -> list[dict[str, str]]:
    if policy.days is None:
        return []
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=policy.days)
    done: list[dict[str, str]] = []
    archive = inbox / "archive" / now.strftime("%Y-%m-%d")
    with session_scope(db_url) as session:
        candidates = session.scalars(select(Interaction).where(Interaction.state.in_(FINISHED_STATES)))
        for inter in candidates:
            created = inter.created_at if inter.created_at.tzinfo else inter.created_at.replace(tzinfo=UTC)
            if created > cutoff or (inter.kind == "audio" and not inter.redacted_audio):
                continue
            files = _files(inbox, inter)
            places = move_unique(files, archive) if policy.action == "archive" else [None] * len(files)
            for path, place in zip(files, places, strict=True):
                moved_to = str(place) if place is not None else None
                if place is None:
                    path.unlink()
                session.add(RetentionEvent(run_id=run_id, interaction_id=inter.id, file_name=path.name,
                                           content_sha256=inter.content_sha256,
                                           action="archived" if moved_to else "deleted", moved_to=moved_to,
                                           policy=policy.describe()))
                done.append({"file": path.name, "action": "archived" if moved_to else "deleted"})
    return done
