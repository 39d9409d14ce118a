"""Work sharing between runs: an item is worked on by the one run that holds its lease.

Any number of ``callqa run`` processes (or Prefect workers on several machines) over one inbox and one
database share the night: each claims a few pending items at a time with a lease (``lease_until``), renews
its leases while it works (``renew``: the run's heartbeat), and releases them when done. A run that dies
stops renewing; when its leases expire, another run claims the items and finishes them. Stage transitions
are guarded by the item's state as well (``callqa.pipeline.process``), so even an expired-but-alive owner
cannot store, score or queue an item twice.

On PostgreSQL the candidates are locked with ``FOR UPDATE SKIP LOCKED`` (claimers never wait for each
other); on SQLite the single ``UPDATE`` takes the database's write lock, which serialises claimers. Both
re-check the claim condition in the ``UPDATE`` itself.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, CursorResult, and_, func, or_, select, true, update
from sqlalchemy.orm import Session

from storage.models import Interaction, Run
from storage.states import TERMINAL_STATES


def owner_of(run_id: int) -> str:
    return f"run:{run_id}"


def _mine(inbox: str) -> ColumnElement[bool]:
    """Items of this inbox (or registered before items knew their inbox) that still need work."""
    return and_(Interaction.state.not_in(TERMINAL_STATES),
                or_(Interaction.inbox == inbox, Interaction.inbox.is_(None)))


def _free(owner: str, now: datetime) -> ColumnElement[bool]:
    return or_(Interaction.lease_until.is_(None), Interaction.lease_until < now, Interaction.lease_owner == owner)


def claim(session: Session, *, owner: str, inbox: str, limit: int, now: datetime, lease: timedelta,
          skip: Collection[int] = ()) -> list[int]:
    """Lease up to ``limit`` free items of ``inbox`` to ``owner`` (call-id order); returns their ids.
    ``skip``: items this owner already tried (an item that failed internally is not retried in a loop)."""
    cond = and_(_mine(inbox), _free(owner, now), Interaction.id.not_in(list(skip)) if skip else true())
    candidates = select(Interaction.id).where(cond).order_by(Interaction.call_id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    stmt = (update(Interaction).where(Interaction.id.in_(candidates.scalar_subquery()), cond)
            .values(lease_owner=owner, lease_until=now + lease).returning(Interaction.id))
    return sorted(session.scalars(stmt, execution_options={"synchronize_session": False}))


def renew(session: Session, *, owner: str, now: datetime, lease: timedelta) -> int:
    """Extend every lease ``owner`` holds on unfinished items; returns how many."""
    stmt = (update(Interaction).where(Interaction.lease_owner == owner, Interaction.state.not_in(TERMINAL_STATES))
            .values(lease_until=now + lease))
    result = session.execute(stmt, execution_options={"synchronize_session": False})
    return int(result.rowcount or 0) if isinstance(result, CursorResult) else 0


def release(session: Session, *, owner: str) -> None:
    """Give back every lease ``owner`` holds (finished items and ones it could not finish)."""
    session.execute(update(Interaction).where(Interaction.lease_owner == owner)
                    .values(lease_owner=None, lease_until=None), execution_options={"synchronize_session": False})


def held_by_others(session: Session, *, owner: str, inbox: str, now: datetime) -> int:
    """Unfinished items of ``inbox`` another run holds a live lease on (worth waiting for: if that run dies,
    its leases expire and this run can finish them)."""
    stmt = select(func.count()).select_from(Interaction).where(
        _mine(inbox), Interaction.lease_owner.is_not(None), Interaction.lease_owner != owner,
        Interaction.lease_until >= now)
    return int(session.scalar(stmt) or 0)


def heartbeat(session: Session, *, run_id: int, now: datetime) -> None:
    session.execute(update(Run).where(Run.id == run_id).values(heartbeat_at=now))


def interrupt_stale(session: Session, *, now: datetime, stale_after: timedelta) -> list[int]:
    """Mark ``interrupted`` every run still ``running`` whose heartbeat (or start) is older than
    ``stale_after``: it was killed. Returns their ids."""
    stale = and_(Run.status == "running", func.coalesce(Run.heartbeat_at, Run.started_at) < now - stale_after)
    ids = list(session.scalars(select(Run.id).where(stale)))
    if ids:
        session.execute(update(Run).where(Run.id.in_(ids)).values(status="interrupted", finished_at=now))
    return ids
