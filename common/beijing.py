"""The one conversion between stored instants (UTC) and Beijing wall-clock time / calendar days.

Every time that QA staff read, and every grouping by day, goes through these functions, on SQLite and
PostgreSQL alike. A naive value is a stored UTC instant (SQLite keeps no offset).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def as_utc(value: datetime) -> datetime:
    """An aware UTC instant; a naive value is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_beijing(value: datetime) -> datetime:
    """The instant as an aware Beijing wall-clock time."""
    return as_utc(value).astimezone(BEIJING)


def beijing_day(value: datetime) -> date:
    """The Beijing calendar day the instant falls on (a call at 17:00+08:00 is that day, not the next)."""
    return to_beijing(value).date()


def day_bounds(first: date, last: date | None = None) -> tuple[datetime, datetime]:
    """UTC [start, end) covering the Beijing days ``first`` .. ``last`` inclusive."""
    start = datetime.combine(first, time(0), tzinfo=BEIJING)
    end = datetime.combine(last or first, time(0), tzinfo=BEIJING) + timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)
