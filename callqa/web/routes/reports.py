"""质检大盘 and the report pages (agents, one agent's scorecard, teams, queues, indicators), read from the
report query layer that ``callqa report`` also uses; every figure links to the calls behind it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response

from callqa.web.auth import REVIEWERS, CurrentUser, require
from callqa.web.render import page
from callqa.web.report_params import calls_url, period_of
from storage.db import session_scope
from storage.report_detail import agent_rows, indicator_days, overview_row, verdicts
from storage.report_queries import Period, agent_teams, grouped, indicators

router = APIRouter()
Reviewer = Annotated[CurrentUser, Depends(require(*REVIEWERS))]
AgentId = Annotated[str, Path(min_length=1, max_length=64)]
GROUP_PAGES = {"teams": ("team", "团队"), "queues": ("queue", "队列")}


def _days(period: Period) -> list[date]:
    return [period.since + timedelta(days=n) for n in range((period.until - period.since).days + 1)]


def _render(request: Request, name: str, period: Period, **context: Any) -> Response:
    return page(request, name, period=period, calls_url=calls_url, **context)


@router.get("/reports", response_class=HTMLResponse)
def overview_view(request: Request, user: Reviewer) -> Response:
    period = period_of(dict(request.query_params))
    with session_scope(request.app.state.db_url) as session:
        figures = overview_row(session, period, datetime.now(UTC))
        trend = grouped(session, period, "day")
        top = indicators(session, period)[:10]
    return _render(request, "reports_overview.html", period, figures=figures, trend=trend, top=top)


@router.get("/reports/agents", response_class=HTMLResponse)
def agents_view(request: Request, user: Reviewer) -> Response:
    period = period_of(dict(request.query_params))
    with session_scope(request.app.state.db_url) as session:
        rows = agent_rows(session, period)
    dims = sorted({d for r in rows for d in r.hits_by_dimension})
    return _render(request, "reports_agents.html", period, rows=rows, dims=dims)


@router.get("/reports/agents/{agent_id}", response_class=HTMLResponse)
def scorecard_view(request: Request, agent_id: AgentId, user: Reviewer) -> Response:
    period = period_of(dict(request.query_params))
    with session_scope(request.app.state.db_url) as session:
        whole = grouped(session, period, "", agent=agent_id)
        trend = grouped(session, period, "day", agent=agent_id)
        hits = indicators(session, period, agent=agent_id)
        team = agent_teams(session).get(agent_id)
    return _render(request, "reports_agent.html", period, agent_id=agent_id, team=team,
                   figures=whole[0] if whole else None, trend=trend, hits=hits)


@router.get("/reports/teams", response_class=HTMLResponse)
def teams_view(request: Request, user: Reviewer) -> Response:
    return _groups(request, "teams")


@router.get("/reports/queues", response_class=HTMLResponse)
def queues_view(request: Request, user: Reviewer) -> Response:
    return _groups(request, "queues")


def _groups(request: Request, kind: str) -> Response:
    column, title = GROUP_PAGES[kind]
    period = period_of(dict(request.query_params))
    with session_scope(request.app.state.db_url) as session:
        rows = grouped(session, period, column)
    return _render(request, "reports_groups.html", period, rows=rows, column=column, title=title, kind=kind)


@router.get("/reports/indicators", response_class=HTMLResponse)
def indicators_view(request: Request, user: Reviewer) -> Response:
    period = period_of(dict(request.query_params))
    with session_scope(request.app.state.db_url) as session:
        totals = indicators(session, period)
        per_day = indicator_days(session, period)
        scored = {r.key: r.scored for r in grouped(session, period, "day")}
        outcome = verdicts(session, period, "indicator")
    calls = sum(scored.values())
    return _render(request, "reports_indicators.html", period, totals=totals, per_day=per_day, outcome=outcome,
                   scored={str(k): v for k, v in scored.items()}, calls=calls, days=_days(period))
