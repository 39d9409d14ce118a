"""Server-side web sessions: the cookie carries a random token; the row (keyed by the token's SHA-256) says
who, since when, last seen when, and whether it was revoked. Logout, a password change and disabling the user
revoke at once; idle and absolute timeouts are checked on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Float, ForeignKey, Integer, String, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base

TOUCH_EVERY_S = 30.0
"""``last_seen`` is written at most this often (idle timeouts are accurate to it), to spare writes."""


class WebSession(Base):
    __tablename__ = "web_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[float] = mapped_column(Float)
    last_seen: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float)
    revoked_why: Mapped[str | None] = mapped_column(String(32))
    """``logout``, ``password``, ``disabled``, ``idle``, ``expired``."""
    client: Mapped[str] = mapped_column(String(64), default="")
    n_requests: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Timeouts:
    idle_s: float
    absolute_s: float


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user_id: int, client: str, now: float) -> str:
    """A new session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_sha256=_digest(token), user_id=user_id, created_at=now, last_seen=now,
                           client=client[:64], n_requests=0))
    return token


def live_user(session: Session, token: str, timeouts: Timeouts, now: float) -> int | None:
    """The user id of a live session (touching it), or ``None``; an expired session is revoked on the way."""
    row = session.get(WebSession, _digest(token))
    if row is None or row.revoked_at is not None:
        return None
    why = ("expired" if now - row.created_at > timeouts.absolute_s
           else "idle" if now - row.last_seen > timeouts.idle_s else None)
    if why is not None:
        row.revoked_at, row.revoked_why = now, why
        return None
    if now - row.last_seen >= TOUCH_EVERY_S:
        row.last_seen, row.n_requests = now, row.n_requests + 1
    return row.user_id


def revoke(session: Session, token: str, now: float, why: str = "logout") -> None:
    session.execute(update(WebSession).where(WebSession.token_sha256 == _digest(token),
                                             WebSession.revoked_at.is_(None)).values(revoked_at=now, revoked_why=why))


def revoke_user(session: Session, user_id: int, now: float, why: str) -> int:
    """Revoke every live session of a user (password change, disabled); returns how many."""
    result = session.execute(update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
                             .values(revoked_at=now, revoked_why=why))
    return int(getattr(result, "rowcount", 0))
