"""Report pages, ``callqa report`` queries, 检索 and the nightly aggregate update on PostgreSQL at scale (issue 16).

    PYTHONPATH=. .venv/bin/python bench/bench_reports.py --db postgresql://postgres@127.0.0.1:55432/wt9 \
        [--calls 1000000] [--night 30000] [--schema bench_reports] [--repeat 20] [--keep]

Loads N scored interactions over 90 Beijing days (the newest day holds ``--night`` calls), 400 agents in 20
teams, ~0.6 hits per call, 10 % flagged with review items and verdicts, four redacted sentences per call, with
COPY into a schema of its own (dropped at the end unless ``--keep``; ``--reuse`` times an existing load), then
builds the daily aggregates day by day, and prints the p95 (ms) of every report query, page and search.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from bench.reports_data import load
from common.beijing import day_bounds
from storage.aggregates import refresh_days
from storage.db import get_engine, migrate, resolve_url, session_scope
from storage.report_detail import agent_rows, indicator_days, overview_row, verdicts
from storage.report_queries import Period, grouped, indicators
from storage.search_queries import SearchFilter, count, search


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median, p95) in milliseconds after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), p95(samples)


def schema_url(base: str, schema: str, *, create: bool, drop: bool = False) -> str:
    admin = create_engine(resolve_url(base))
    with admin.begin() as conn:
        if drop:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        if create:
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    admin.dispose()
    sep = "&" if "?" in base else "?"
    return resolve_url(f"{base}{sep}options=-csearch_path%3D{schema}")


def build_aggregates(url: str, first: date, last: date) -> float:
    start = time.perf_counter()
    day = first
    while day <= last:
        with session_scope(url) as session:
            refresh_days(session, [day])
        day += timedelta(days=1)
    return time.perf_counter() - start


def night_update(url: str, night: date, repeat: int) -> tuple[float, float]:
    def once() -> None:
        with session_scope(url) as session:
            refresh_days(session, [night])
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def report_cases(last: date) -> dict[str, Callable[[Any], Any]]:
    week, month = Period(last - timedelta(days=6), last), Period(last - timedelta(days=29), last)
    return {
        "overview 7d": lambda s: overview_row(s, week, datetime.now(UTC)),
        "overview 30d": lambda s: overview_row(s, month, datetime.now(UTC)),
        "trend 30d": lambda s: grouped(s, month, "day"),
        "agents 7d": lambda s: agent_rows(s, week),
        "agents 30d": lambda s: agent_rows(s, month),
        "teams 30d": lambda s: grouped(s, month, "team"),
        "queues 30d": lambda s: grouped(s, month, "queue"),
        "indicators 30d": lambda s: (indicators(s, month), indicator_days(s, month), verdicts(s, month, "indicator")),
        "scorecard 30d": lambda s: (grouped(s, month, "day", agent="A0042"), indicators(s, month, agent="A0042")),
    }


def search_cases(last: date) -> dict[str, SearchFilter]:
    week = {"since": last - timedelta(days=6), "until": last}
    return {
        "text rare, 90d": SearchFilter(text="提前结清违约金"),
        "text common, 90d": SearchFilter(text="请问还有什么"),
        "text none, 90d": SearchFilter(text="完全不存在的话"),
        "text + agent, 7d": SearchFilter(text="分期还款", agent="A0042", **week),
        "agent, 7d": SearchFilter(agent="A0042", **week),
        "team + indicator, 7d": SearchFilter(team="第07组", indicator="R12", **week),
        "score 0-59 red, 7d": SearchFilter(score_max=59, severity="red", **week),
        "unflagged, 7d": SearchFilter(flagged=False, **week),
    }


def time_search(url: str, last: date, repeat: int) -> None:
    for name, f in search_cases(last).items():
        def run(f: SearchFilter = f) -> None:
            with session_scope(url) as session:
                search(session, f)
                count(session, f)
        med, top = timed(run, repeat)
        print(f"search  {name:<24} median {med:8.1f} ms  p95 {top:8.1f} ms")


def time_pages(url: str, last: date, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from callqa.web import create_app
    from callqa.web.passwords import hash_password
    from callqa.web.settings import WebSettings
    from storage.review import User

    with session_scope(url) as session:
        if session.query(User).filter_by(username="bench").first() is None:
            session.add(User(username="bench", display_name="bench", role="supervisor",
                             password_hash=hash_password("bench-password"), active=True))
    client = TestClient(create_app(url, WebSettings(secret_key="bench")))
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": "bench", "password": "bench-password", "csrf_token": token})
    span = f"since={last - timedelta(days=6)}&until={last}"
    month = f"since={last - timedelta(days=29)}&until={last}"
    for path in (f"/reports?{span}", f"/reports?{month}", f"/reports/agents?{span}", f"/reports/agents/A0042?{month}",
                 f"/reports/teams?{month}", f"/reports/queues?{month}", f"/reports/indicators?{month}",
                 f"/search?{span}&text=分期还款", "/search?text=提前结清违约金", f"/search?{span}&team=第07组"):
        def get(path: str = path) -> None:
            assert client.get(path).status_code == 200, path
        med, top = timed(get, repeat)
        print(f"page    {path[:60]:<60} median {med:8.1f} ms  p95 {top:8.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="postgresql://… (a schema of its own is used)")
    ap.add_argument("--schema", default="bench_reports")
    ap.add_argument("--calls", type=int, default=1_000_000)
    ap.add_argument("--night", type=int, default=30_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--keep", action="store_true", help="keep the schema for another run (with --reuse)")
    ap.add_argument("--reuse", action="store_true", help="time an existing load, do not load again")
    args = ap.parse_args()
    url = schema_url(args.db, args.schema, create=True, drop=not args.reuse)
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=89)
    if not args.reuse:
        migrate(url)
        start = time.perf_counter()
        load(get_engine(url), calls=args.calls, night=args.night, first=first, last=last, rnd=random.Random(16))
        print(f"load    {args.calls} calls (COPY, indexes, ANALYZE): {time.perf_counter() - start:.0f} s")
        print(f"rebuild 90 days of aggregates: {build_aggregates(url, first, last):.0f} s")
    med, worst = night_update(url, last, 3)
    start, end = day_bounds(last)
    with get_engine(url).connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM interactions WHERE started_at >= :a AND started_at < :b"),
                         {"a": start, "b": end}).scalar()
    print(f"night   aggregate update of {n} calls: median {med:.2f} s, max {worst:.2f} s")
    for name, fn in report_cases(last).items():
        def run(fn: Callable[[Any], Any] = fn) -> None:
            with session_scope(url) as session:
                fn(session)
        med_ms, top = timed(run, args.repeat)
        print(f"report  {name:<24} median {med_ms:8.1f} ms  p95 {top:8.1f} ms")
    time_search(url, last, args.repeat)
    time_pages(url, last, args.repeat)
    if not args.keep:
        get_engine(url).dispose()
        schema_url(args.db, args.schema, create=False, drop=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
