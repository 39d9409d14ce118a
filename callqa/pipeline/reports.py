"""The nightly flow's report step: update the daily aggregates of the run's days (issue 16)."""

from __future__ import annotations

from datetime import date

from storage.aggregates import days_of_run, refresh_days
from storage.db import session_scope


def update_aggregates(db_url: str, run_id: int) -> list[date]:
    """Refresh the Beijing days this run touched; returns them, oldest first."""
    with session_scope(db_url) as session:
        days = sorted(days_of_run(session, run_id))
        refresh_days(session, days)
    return days
