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


def night_markdown(db_url: str, days: list[date]) -> str:
    """The night's figures in Simplified Chinese (the Prefect artifact), from the same query layer."""
    from storage.report_queries import Period, indicators, overview

    if not days:
        return "## 今夜质检数据\n\n本批次没有新的通话。\n"
    period = Period(days[0], days[-1])
    with session_scope(db_url) as session:
        row = overview(session, period)
        top = indicators(session, period)[:5]
    lines = [f"## 今夜质检数据（通话日期 {period.since} 至 {period.until}，北京时间）", ""]
    if row is not None:
        coverage = f"{row.scored / row.received:.1%}" if row.received else "—"
        lines += ["| 指标 | 数值 |", "| --- | --- |", f"| 接收通话 | {row.received} |",
                  f"| 已评分（覆盖率） | {row.scored}（{coverage}） |", f"| 隔离 | {row.quarantined} |",
                  f"| 平均分 | {row.avg_score if row.avg_score is not None else '—'} |",
                  f"| 标记 | {row.flagged} |", f"| 入复核队列 | {row.queued} |", ""]
    if top:
        lines += ["**命中最多的指标**", ""] + [f"- {t.indicator}（{t.dimension or '—'}）：{t.hits} 次" for t in top]
    return "\n".join(lines) + "\n"
