"""Quarantine: move a bad inbox file aside with its reason, and record it. Nothing is deleted."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from callqa.pipeline.placing import move_unique
from common.errors import InputError
from storage.models import QuarantineRecord

QUARANTINE_DIR = "quarantine"


def move_aside(inbox: Path, files: list[Path], reason: str) -> Path:
    """Move ``files`` into ``<inbox>/quarantine/<UTC date>/`` (never over an earlier file of the same name:
    ``placing.move_unique``) and write ``<moved name>.reason.txt`` beside them. Returns the first file's new
    path (the folder when nothing was left to move)."""
    target = inbox / QUARANTINE_DIR / datetime.now(UTC).strftime("%Y-%m-%d")
    moved = move_unique(files, target)
    first = moved[0] if moved else target / files[0].name
    (target / f"{first.name}.reason.txt").write_text(reason + "\n", encoding="utf-8")
    return first if moved else target


def quarantine(session: Session, *, inbox: Path, files: list[Path], error: InputError, stage: str,
               run_id: int | None, call_id: str | None, content_sha256: str | None = None) -> QuarantineRecord:
    moved = move_aside(inbox, files, error.message)
    record = QuarantineRecord(
        run_id=run_id, file_name=files[0].name, call_id=call_id, content_sha256=content_sha256, stage=stage,
        reason_code=error.reason_code, message=error.message, moved_to=str(moved),
    )
    session.add(record)
    session.flush()
    return record
