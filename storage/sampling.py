"""Sampling plans applied (D131): each plan sends up to ``count`` unflagged calls per group and period to review.

Deterministic: a group's candidates — finished (``done``) calls of the period without a review item — are
ranked by SHA-256 of plan name and call id, and the first ones fill the quota that is left. Idempotent:
every pick is a ``sampling_picks`` row holding a numbered slot, unique per (plan, group, period, slot) and per
call, so a re-run fills only free slots and two workers can never fill the same slot twice; on PostgreSQL the
picking transaction also holds an advisory lock, and on SQLite its first statement is a write, so parallel
pickers take turns instead of racing. A picked call gets a review item marked with the plan (``sample_plan``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, func, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from common.beijing import day_bounds
from storage.models import Base, Interaction, ReviewItem
from storage.queue import QueueSettings, enqueue_sample
from storage.sampling_plans import Plan
from storage.scores import latest_score
from storage.states import InteractionState
from storage.types import UtcDateTime

SAMPLING_LOCK_KEY = 0x63716173616D70  # "cqasamp": the PostgreSQL advisory-lock key of the picking transaction


class SamplingPick(Base):
    __tablename__ = "sampling_picks"
    __table_args__ = (UniqueConstraint("plan", "group_key", "period_start", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan: Mapped[str] = mapped_column(String(60))
    group_key: Mapped[str] = mapped_column(String(200))
    """``agent=A1001``, ``queue=售后`` or ``queue=售后|agent=A1001``."""
    period_start: Mapped[date] = mapped_column()
    slot: Mapped[int] = mapped_column(Integer)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


def start_of(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def end_of(start: date, period: str) -> date:
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def rank(plan: str, call_id: str) -> str:
    return hashlib.sha256(f"{plan}|{call_id}".encode()).hexdigest()


def group_key(plan: Plan, inter: Interaction) -> str | None:
    """The quota group of a call under ``plan``; None when the call lacks a key (no agent id)."""
    values = {"agent": inter.agent_id, "queue": inter.queue}
    if any(not values[k] for k in plan.per):
        return None
    return "|".join(f"{k}={values[k]}" for k in plan.per)


def _candidates(session: Session, plan: Plan, start: date) -> dict[str, list[Interaction]]:
    lo, hi = day_bounds(start, end_of(start, plan.period) - timedelta(days=1))
    stmt = (select(Interaction).outerjoin(ReviewItem, ReviewItem.interaction_id == Interaction.id)
            .where(Interaction.state == InteractionState.DONE, ReviewItem.id.is_(None),
                   Interaction.started_at >= lo, Interaction.started_at < hi))
    if plan.queues:
        stmt = stmt.where(Interaction.queue.in_(plan.queues))
    if plan.agents:
        stmt = stmt.where(Interaction.agent_id.in_(plan.agents))
    groups: dict[str, list[Interaction]] = defaultdict(list)
    for inter in session.scalars(stmt):
        if (key := group_key(plan, inter)) is not None:
            groups[key].append(inter)
    return groups


def _taken(session: Session, plan: Plan, start: date) -> dict[str, int]:
    rows = session.execute(select(SamplingPick.group_key, func.max(SamplingPick.slot))
                           .where(SamplingPick.plan == plan.name, SamplingPick.period_start == start)
                           .group_by(SamplingPick.group_key)).tuples()
    return {key: int(top) + 1 for key, top in rows}


def take_turn(session: Session) -> None:
    """Serialise pickers: an advisory transaction lock on PostgreSQL, a first write on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SAMPLING_LOCK_KEY})
    else:
        session.execute(update(SamplingPick).where(SamplingPick.id == -1).values(slot=0))


def sample_period(session: Session, plan: Plan, start: date, *, now: datetime,
                  settings: QueueSettings) -> list[str]:
    """Fill the plan's free slots for the period starting ``start``; returns the call ids picked."""
    taken = _taken(session, plan, start)
    picked = []
    for key, calls in sorted(_candidates(session, plan, start).items()):
        free = plan.count - taken.get(key, 0)
        for n, inter in enumerate(sorted(calls, key=lambda i: rank(plan.name, i.call_id))[:max(0, free)]):
            score = latest_score(session, inter.id)
            if score is None:
                continue
            session.add(SamplingPick(plan=plan.name, group_key=key, period_start=start,
                                     slot=taken.get(key, 0) + n, interaction_id=inter.id))
            enqueue_sample(session, inter, score, plan=plan.name, reason=plan.describe(), now=now,
                           settings=settings)
            picked.append(inter.call_id)
    session.flush()
    return picked


def sample_days(session: Session, plans: tuple[Plan, ...], days: list[date], *, now: datetime,
                settings: QueueSettings) -> dict[str, list[str]]:
    """Apply every plan to the periods holding ``days`` (Beijing dates); returns plan name → call ids picked."""
    take_turn(session)
    out: dict[str, list[str]] = {}
    for plan in plans:
        for start in sorted({start_of(d, plan.period) for d in days}):
            out.setdefault(plan.name, []).extend(sample_period(session, plan, start, now=now, settings=settings))
    return out
