"""Login throttling that parallel requests cannot get around: one counter row per scope, changed only by
conditional updates (each a single atomic statement), in a short transaction of its own before the password
is checked.

Scopes: ``user:<name>`` (a short window: a third party can only *delay* a user, not lock them out),
``client:<address>`` (a long window: one address cannot try many names — password spraying) and ``global``
(a ceiling on failures across every name and address). A slot is taken in every scope before the password is
checked; a successful login gives its slots back and clears the user's counter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Float, Integer, String, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base


class LoginThrottle(Base):
    __tablename__ = "login_throttles"

    scope: Mapped[str] = mapped_column(String(80), primary_key=True)
    """``user:<name>``, ``client:<address>`` or ``global``."""
    window_start: Mapped[float] = mapped_column(Float)
    """Epoch seconds the current window began."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Limit:
    scope: str
    max_attempts: int
    window_s: float


def _ensure(session: Session, scope: str, now: float) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(LoginThrottle).values(scope=scope, window_start=now, attempts=0)
                    .on_conflict_do_nothing(index_elements=["scope"]))


def _take(session: Session, limit: Limit, now: float) -> bool:
    _ensure(session, limit.scope, now)
    session.execute(update(LoginThrottle).where(LoginThrottle.scope == limit.scope,
                                                LoginThrottle.window_start < now - limit.window_s)
                    .values(attempts=0, window_start=now))
    taken = session.execute(update(LoginThrottle).where(LoginThrottle.scope == limit.scope,
                                                        LoginThrottle.attempts < limit.max_attempts)
                            .values(attempts=LoginThrottle.attempts + 1))
    return bool(getattr(taken, "rowcount", 0))


def give_back(session: Session, scopes: Sequence[str]) -> None:
    for scope in scopes:
        session.execute(update(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.attempts > 0)
                        .values(attempts=LoginThrottle.attempts - 1))


def reserve(session: Session, limits: Sequence[Limit], now: float) -> Limit | None:
    """Take one attempt in every scope; ``None`` when all had room, else the first full scope (nothing taken)."""
    taken: list[str] = []
    for limit in limits:
        if not _take(session, limit, now):
            give_back(session, taken)
            return limit
        taken.append(limit.scope)
    return None


def clear(session: Session, scope: str) -> None:
    session.execute(update(LoginThrottle).where(LoginThrottle.scope == scope).values(attempts=0))
