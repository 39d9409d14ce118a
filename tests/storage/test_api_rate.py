"""The database rate-limit counter on SQLite and PostgreSQL: one window per minute, shared by processes."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select

from storage import api_rate
from storage.db import session_scope


def _hammer(url: str, n: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    allowed = 0
    for _ in range(n):
        with session_scope(url) as s:
            allowed += api_rate.take(s, 7, 25, 3_000.5) == 0
    out.put(allowed)


def test_window_counts_and_resets(db_url: str) -> None:
    with session_scope(db_url) as s:
        waits = [api_rate.take(s, 1, 3, 600.0 + k) for k in range(4)]
        assert waits == [0, 0, 0, 57]  # the 4th request at 603 s waits for 660 s
        assert api_rate.take(s, 2, 3, 603.0) == 0  # another token has its own count
        assert api_rate.take(s, 1, 3, 660.0) == 0  # a new minute
        rows = s.scalar(select(func.count()).select_from(api_rate.ApiRateWindow))
    assert rows == 2  # token 1's old window was dropped


def test_parallel_processes_share_one_count(db_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    workers = [ctx.Process(target=_hammer, args=(db_url, 20, out)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert sum(out.get(timeout=5) for _ in workers) == 25  # 60 requests, 25 allowed in total
