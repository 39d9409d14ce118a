"""Quarantine: move a bad inbox file aside with its reason, and record it. Nothing is deleted."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from common.errors import InputError
from storage.models import QuarantineRecord

QUARANTINE_DIR = "quarantine"


def move_aside(inbox: Path, files: list[Path], reason: str) -> Path:
    """Move ``files`` into ``<inbox>/quarantine/<UTC date>/`` and write ``<name>.reason.txt`` beside them."""
    target = inbox / QUARANTINE_DIR / datetime.now(UTC).strftime("%Y-%m-%d")
    target.mkdir(parents=True, exist_ok=True)
    for f in files:
        if f.exists():
            os.replace(f, target / f.name)
    (target / f"{files[0].name}.reason.txt").write_text(reason + "\n", encoding="utf-8")
    return target


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
