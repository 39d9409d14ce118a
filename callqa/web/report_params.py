"""Query parameters of the report and search pages: the date range and the search filter, read leniently
(an unreadable value falls back to its default, never to an error that echoes it), and the links from a
figure to the calls behind it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from common.beijing import beijing_day
from storage.report_queries import Period
from storage.search_queries import SearchFilter

MAX_DAYS = 366
SEVERITIES = ("red", "yellow", "blue")
VERDICTS = ("confirmed", "false_positive")
TEXT_FIELDS = ("agent", "team", "queue", "channel", "indicator", "text")


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def period_of(params: dict[str, str], today: date | None = None) -> Period:
    """``since``/``until`` (inclusive Beijing days); default the last 7 nights, as ``callqa report``."""
    today = today or beijing_day(datetime.now(UTC))
    until = _day(params.get("until")) or today - timedelta(days=1)
    since = _day(params.get("since")) or until - timedelta(days=6)
    if since > until:
        since, until = until, since
    return Period(max(since, until - timedelta(days=MAX_DAYS - 1)), until)


def _number(raw: str | None) -> float | None:
    try:
        value = float(raw) if raw else None
    except ValueError:
        return None
    return value if value is not None and 0 <= value <= 100 else None


def _flag(raw: str | None) -> bool | None:
    return {"1": True, "0": False}.get(raw or "")


def search_filter(params: dict[str, str]) -> SearchFilter:
    text: dict[str, Any] = {k: (params.get(k) or "").strip()[:64] or None for k in TEXT_FIELDS}
    return SearchFilter(
        since=_day(params.get("since")), until=_day(params.get("until")), **text,
        severity=params.get("severity") if params.get("severity") in SEVERITIES else None,
        score_min=_number(params.get("score_min")), score_max=_number(params.get("score_max")),
        flagged=_flag(params.get("flagged")), fatal=_flag(params.get("fatal")), passed=_flag(params.get("passed")),
        verdict=params.get("verdict") if params.get("verdict") in VERDICTS else None)


def calls_url(period: Period | None = None, **filters: Any) -> str:
    """The 检索 URL listing the calls behind a figure (the period's days plus the given filters)."""
    span = {"since": period.since, "until": period.until} if period else {}
    return "/search?" + urlencode(SearchFilter(**(span | filters)).query())


def day_period(day: date) -> Period:
    return Period(day, day)
