"""The alert outbox (D62): one row per review item × event × destination, written before anything is sent.

Exactly once per item and event: the unique key makes a re-run (or a second process) enqueue nothing new,
and a row is marked sent only after its destination accepted it. A row is claimed for sending with a lease
(``claimed_until``) committed before the request goes out; a process killed after enqueueing leaves pending
rows that the next run sends once. Failures are retried with exponential backoff up to ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base
from storage.types import UtcDateTime

ALERT_EVENTS = ("red", "fatal", "overdue")
MAX_ATTEMPTS = 8
FIRST_RETRY_S = 30.0
LEASE = timedelta(minutes=5)


class AlertMessage(Base):
    __tablename__ = "alert_outbox"
    __table_args__ = (UniqueConstraint("review_item_id", "event", "destination"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    destination: Mapped[str] = mapped_column(String(128))
    """``route name/index`` in the routing file: the URL (which carries the robot's key) is never stored."""
    channel: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The message as rendered at enqueue time (redacted text and a link only)."""
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


def _db(session: Session, value: datetime) -> datetime:
    value = value.astimezone(UTC)
    return value.replace(tzinfo=None) if session.get_bind().dialect.name == "sqlite" else value


def enqueue(session: Session, item_id: int, event: str, destination: str, channel: str,
            payload: dict[str, Any], *, now: datetime) -> bool:
    """Add one message unless this item × event × destination already has one; True if added."""
    exists = session.scalar(select(AlertMessage.id).where(AlertMessage.review_item_id == item_id,
                                                          AlertMessage.event == event,
                                                          AlertMessage.destination == destination))
    if exists is not None:
        return False
    session.add(AlertMessage(review_item_id=item_id, event=event, destination=destination, channel=channel,
                             payload=payload, next_attempt_at=now))
    session.flush()
    return True


def claim_due(session: Session, *, now: datetime, limit: int = 100) -> list[AlertMessage]:
    """Pending rows whose time has come and whose lease (if any) ran out, leased to this process now."""
    now_db = _db(session, now)
    rows = list(session.scalars(
        select(AlertMessage).where(AlertMessage.status == "pending", AlertMessage.next_attempt_at <= now_db)
        .where((AlertMessage.claimed_until.is_(None)) | (AlertMessage.claimed_until <= now_db))
        .order_by(AlertMessage.id).limit(limit).with_for_update(skip_locked=True)))
    for row in rows:
        row.claimed_until = now + LEASE
    return rows


def mark_sent(session: Session, message_id: int, *, now: datetime) -> None:
    session.execute(update(AlertMessage).where(AlertMessage.id == message_id)
                    .values(status="sent", sent_at=now, claimed_until=None, attempts=AlertMessage.attempts + 1))


def mark_failed(session: Session, message_id: int, error: str, *, now: datetime) -> None:
    """Count the attempt; retry after 30 s × 2^(attempts−1), or give up after ``MAX_ATTEMPTS``."""
    row = session.get_one(AlertMessage, message_id)
    row.attempts += 1
    row.last_error = error[:300]
    row.claimed_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    else:
        row.next_attempt_at = now + timedelta(seconds=FIRST_RETRY_S * 2 ** (row.attempts - 1))
