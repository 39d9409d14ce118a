"""The night's review operations, after its items are scored and queued (D132): sampling plans, then
auto-assignment, then alerts through the outbox. Each step is safe to repeat: a re-run of the same night, or
a second run sharing it, samples, assigns and alerts nothing twice (slots, conditional assignment, the
outbox's unique item × event × destination)."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callqa.alerts.routing import combined
from callqa.alerts.send import run_alerts
from storage.aggregates import days_of_run
from storage.assignment import AssignmentError, AssignmentPlan, auto_assign
from storage.db import session_scope
from storage.queue import QueueSettings
from storage.sampling import sample_days
from storage.sampling_plans import load_plans

if TYPE_CHECKING:
    from callqa.config import AlertSettings

log = logging.getLogger("callqa.progress")


def night_days(db_url: str, run_id: int) -> list[date]:
    """The Beijing days of the calls this run handled (the periods sampling plans look at)."""
    with session_scope(db_url) as session:
        return sorted(days_of_run(session, run_id))


def sample_night(db_url: str, plans_file: Path | None, days: list[date], *, now: datetime,
                 settings: QueueSettings) -> dict[str, list[str]]:
    """Apply the sampling plans to the periods holding ``days``; plan name → call ids picked now."""
    if plans_file is None or not days:
        return {}
    plans = load_plans(plans_file).plans
    with session_scope(db_url) as session:
        picked = sample_days(session, plans, days, now=now, settings=settings)
    for plan, calls in picked.items():
        log.info("sampling plan %s: %d call(s) sent to review", plan, len(calls))
    return picked


def assign_night(db_url: str, plan: AssignmentPlan | None) -> dict[str, Any]:
    """Auto-assign open, unassigned items; a plan naming unknown reviewers is reported, not fatal to the night."""
    if plan is None:
        return {}
    try:
        with session_scope(db_url) as session:
            return {"given": auto_assign(session, plan)}
    except AssignmentError as err:
        log.error("auto-assignment skipped: %s", err)
        return {"error": str(err)}


def alert_night(db_url: str, alerts: AlertSettings, *, now: datetime) -> dict[str, int]:
    """Enqueue (committed) and send the alerts of open red, fatal and overdue items; failures retry later."""
    routing = combined(alerts.routes_file, alerts.webhook, alerts.format, alerts.link_base)
    if routing is None:
        return {}
    counts = run_alerts(db_url, routing, now=now)
    return asdict(counts)
