"""Per-user API tokens: issue (the plain token is returned once), look up by hash, list, revoke (D61).

Tokens are 256-bit random strings, so a plain SHA-256 is enough to store them (no password stretching needed:
nothing to guess); a look-up compares hashes through the unique index.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.review import ApiToken, User

TOKEN_PREFIX = "cqa_"
SHOWN_CHARS = 10


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@dataclass(frozen=True)
class TokenInfo:
    id: int
    username: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


def issue(session: Session, user: User, *, now: datetime, expires_days: int | None = None) -> tuple[int, str]:
    """A new token for ``user``: (token id, the plain token — shown once, never stored)."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=token_hash(plain), prefix=plain[:SHOWN_CHARS],
                   expires_at=now + timedelta(days=expires_days) if expires_days else None)
    session.add(row)
    session.flush()
    return row.id, plain


def user_for(session: Session, plain: str, *, now: datetime) -> tuple[User, int] | None:
    """The active user and token id for a presented token; None if unknown, revoked, expired or disabled."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(plain)))
    if row is None or row.revoked_at is not None:
        return None
    expires = _aware(row.expires_at)
    if expires is not None and expires <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = now
    return user, row.id


def revoke(session: Session, token_id: int, *, now: datetime) -> bool:
    """Revoke one token; False if there is no such token or it was already revoked."""
    row = session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now
    return True


def listing(session: Session) -> list[TokenInfo]:
    stmt = select(ApiToken, User.username).join(User, ApiToken.user_id == User.id).order_by(ApiToken.id)
    return [TokenInfo(t.id, name, t.prefix, t.created_at, _aware(t.expires_at), _aware(t.revoked_at),
                      _aware(t.last_used_at)) for t, name in session.execute(stmt).tuples()]
