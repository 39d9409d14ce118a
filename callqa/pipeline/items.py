"""The items a run works through: claimed a few at a time from the shared inbox (``storage.claims``),
and how a failed one is reported."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from pathlib import Path

from callqa.pipeline.lifecycle import PendingItem
from storage import claims
from storage.db import session_scope
from storage.interactions import pending


def pending_items(db_url: str, ids: list[int] | None = None) -> list[PendingItem]:
    """Registered items not yet in a terminal state, by call id (``ids``: only these)."""
    with session_scope(db_url) as session:
        return [PendingItem(id=i.id, call_id=i.call_id, kind=i.kind, state=i.state, source_name=i.source_name,
                            content_sha256=i.content_sha256) for i in pending(session, ids)]


def claim_batch(db_url: str, run_id: int, inbox: str, limit: int, lease: timedelta,
                tried: Collection[int]) -> list[PendingItem]:
    """Lease up to ``limit`` free items of ``inbox`` to this run; ``tried``: items it already worked on."""
    with session_scope(db_url) as session:
        ids = claims.claim(session, owner=claims.owner_of(run_id), inbox=inbox, limit=limit,
                           now=datetime.now(UTC), lease=lease, skip=tried)
    return pending_items(db_url, ids) if ids else []


def others_working(db_url: str, run_id: int, inbox: str) -> bool:
    """Another live run holds unfinished items of this inbox (wait: if it dies, they become free)."""
    with session_scope(db_url) as session:
        return claims.held_by_others(session, owner=claims.owner_of(run_id), inbox=inbox,
                                     now=datetime.now(UTC)) > 0


def release_all(db_url: str, run_id: int) -> None:
    with session_scope(db_url) as session:
        claims.release(session, owner=claims.owner_of(run_id))


Outcome = tuple[list[str], list[dict[str, str]]]
"""Call ids finished, and ``{"call_id", "error"}`` of items that failed internally."""


def work_claimed(db_url: str, run_id: int, inbox: str, batch_size: int, lease: timedelta,
                 work: Callable[[list[PendingItem]], Outcome]) -> Outcome:
    """Claim ``batch_size`` items at a time and ``work`` them until the inbox has none left that this run may
    take; wait while other live runs hold items (if one dies, its leases expire and this run finishes them)."""
    processed: list[str] = []
    failures: list[dict[str, str]] = []
    tried: set[int] = set()
    poll = min(10.0, max(0.5, lease.total_seconds() / 4))
    while True:
        batch = claim_batch(db_url, run_id, inbox, batch_size, lease, tried)
        if not batch:
            if not others_working(db_url, run_id, inbox):
                return processed, failures
            time.sleep(poll)
            continue
        tried.update(item.id for item in batch)
        done, failed = work(batch)
        processed += done
        failures += failed


def failure_where(exc: BaseException) -> str:
    """Exception type and innermost frame only: messages may carry personal data, so they are not kept."""
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}" if last else type(exc).__name__
