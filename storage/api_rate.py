"""The API rate limit shared by every serving process (D133): a fixed one-minute window counter per token in
the database, taken by one atomic upsert (``INSERT … ON CONFLICT DO UPDATE … RETURNING``), so any number of
``callqa serve`` processes or machines count together. A window's row is dropped when the token's next window
begins, so the table holds at most one row per active token."""

from __future__ import annotations

from sqlalchemy import Integer, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base

WINDOW_S = 60


class ApiRateWindow(Base):
    __tablename__ = "api_rate_windows"

    token_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    """Epoch seconds // 60: the minute being counted."""
    requests: Mapped[int] = mapped_column(Integer, default=0)


def take(session: Session, token_id: int, per_minute: int, now: float) -> int:
    """Count one request of ``token_id`` at ``now`` (epoch seconds); 0 if it may go ahead, else the seconds
    until the next window (the request is counted either way, as a refused request still costs a call)."""
    window = int(now // WINDOW_S)
    session.execute(delete(ApiRateWindow).where(ApiRateWindow.token_id == token_id, ApiRateWindow.window < window))
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(ApiRateWindow).values(token_id=token_id, window=window, requests=1)
    stmt = stmt.on_conflict_do_update(index_elements=["token_id", "window"],
                                      set_={"requests": ApiRateWindow.requests + 1})
    count = int(session.execute(stmt.returning(ApiRateWindow.requests)).scalar_one())
    if count <= per_minute:
        return 0
    return max(1, int((window + 1) * WINDOW_S - now + 0.999))
