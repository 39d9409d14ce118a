"""Daily aggregate rows behind every report (issue 16): one row per Beijing day × agent × queue × channel.

Missing agent or queue is stored as ``""`` so that the key is unique on both databases.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UtcDateTime

COUNTS = ("received", "scored", "quarantined", "passed", "flagged", "fatal", "red", "yellow", "blue", "queued")
"""The additive counters of a daily row, in report order."""


class DailyStat(Base):
    __tablename__ = "report_daily"
    __table_args__ = (UniqueConstraint("day", "agent_id", "queue", "channel", name="uq_report_daily_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    agent_id: Mapped[str] = mapped_column(String(64))
    queue: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    received: Mapped[int] = mapped_column(Integer)
    scored: Mapped[int] = mapped_column(Integer)
    quarantined: Mapped[int] = mapped_column(Integer)
    passed: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    fatal: Mapped[int] = mapped_column(Integer)
    red: Mapped[int] = mapped_column(Integer)
    yellow: Mapped[int] = mapped_column(Integer)
    blue: Mapped[int] = mapped_column(Integer)
    queued: Mapped[int] = mapped_column(Integer)
    score_sum: Mapped[float] = mapped_column(Float)
    score_min: Mapped[float | None] = mapped_column(Float)


class DailyHits(Base):
    __tablename__ = "report_daily_hits"
    __table_args__ = (UniqueConstraint("day", "agent_id", "queue", "channel", "indicator",
                                       name="uq_report_daily_hits_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    agent_id: Mapped[str] = mapped_column(String(64))
    queue: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    indicator: Mapped[str] = mapped_column(String(16))
    dimension: Mapped[str] = mapped_column(String(32))
    hits: Mapped[int] = mapped_column(Integer)


class Agent(Base):
    """An agent and the team and supervisor they report to (``callqa agents import``)."""

    __tablename__ = "agents"

    agent_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(64), index=True)
    supervisor: Mapped[str] = mapped_column(String(64))


class DailyVerdicts(Base):
    """Verdicts (确认 / 误报) on the hits of one Beijing day's calls, per agent and indicator (see
    ``storage.verdict_aggregates``: refreshed with the day, and for the days of verdicts changed since)."""

    __tablename__ = "report_daily_verdicts"
    __table_args__ = (UniqueConstraint("day", "agent_id", "indicator", name="uq_report_daily_verdicts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    agent_id: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str] = mapped_column(String(16))
    confirmed: Mapped[int] = mapped_column(Integer)
    dismissed: Mapped[int] = mapped_column(Integer)


class RefreshMark(Base):
    """How far an incremental refresh has read (``verdicts``: the newest verdict change counted)."""

    __tablename__ = "report_refresh_marks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
