"""Synthetic scored calls for ``bench/bench_reports.py``, written with PostgreSQL COPY (deterministic per seed).

Redacted-looking sentences come from a small pool, with phrases of known frequency: 请问还有什么 in about half
of the calls, 分期还款 in about 5 %, 提前结清违约金 in 0.1 %.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from common.beijing import day_bounds

AGENTS, TEAMS = 400, 20
QUEUES = ("credit_card", "loans", "billing", "general", "vip", "collections", "fraud", "online")
INDICATORS = (("R05", "辱骂或嘲讽客户", "red", None, True), ("R10", "推诿客户", "yellow", "服务态度", False),
              ("R12", "推脱系统原因", "blue", "业务规范", False), ("R14", "未核实身份", "yellow", "业务规范", False),
              ("R20", "承诺无法兑现", "yellow", "业务规范", False), ("R22", "结束语缺失", "blue", "服务态度", False),
              ("R31", "客户投诉倾向", "red", None, False), ("R32", "客户情绪激动", "blue", None, False))
WEIGHTS = (0.004, 0.08, 0.2, 0.05, 0.03, 0.15, 0.04, 0.06)
"""Chance per call of each indicator (about 0.6 hits per call)."""
OPENERS = ("您好，请问有什么可以帮您？", "您好，这里是客服中心，请讲。", "您好，很高兴为您服务。")
MIDDLES = ("我想问一下账单的事情", "我想办理分期还款，利息怎么算", "我的卡被冻结了，怎么处理", "稍等，我这边系统比较慢",
           "这个需要您本人到网点办理", "我帮您查询一下最近的交易记录", "额度调整需要审核三个工作日")
CLOSERS = ("好的，请问还有什么可以帮您？", "感谢您的来电，再见。", "请问还有什么其他问题吗？")
RARE = "如果提前结清违约金是多少"

COLUMNS = {
    "interactions": "id, call_id, content_sha256, kind, channel, source_name, state, attempts, agent_id, queue, "
                    "started_at, duration_s, metadata_json",
    "scores": "id, interaction_id, rubric_id, rubric_version, rubric_hash, score, fatal, flagged, calibration, "
              "severity, flag_reasons, dimensions, unscorable, not_applicable",
    "hits": "id, score_id, indicator, title, severity, fatal, dimension, deduction, segments, evidence, reason, "
            "matches",
    "segments": "interaction_id, idx, speaker, start_s, end_s, text, words, flags",
    "review_items": "interaction_id, score_id, severity, priority, high_sensitivity, calibration, due_at, reasons, "
                    "status",
    "hit_verdicts": "hit_id, indicator, verdict, comment, reviewer, updated_at",
}


def _day_of(i: int, night: int, first: date, last: date) -> date:
    return last if i < night else first + timedelta(days=i % ((last - first).days))


def _rows(calls: int, night: int, first: date, last: date, rnd: random.Random) -> Iterator[tuple[str, tuple[Any, ...]]]:
    hit_id = 0
    latest_verdict = datetime.now(UTC) - timedelta(hours=1)  # verdicts were given over the past days, not at load
    for i in range(1, calls + 1):
        day = _day_of(i, night, first, last)
        start, _ = day_bounds(day)
        started = start + timedelta(seconds=rnd.randrange(86_400))
        agent = rnd.randrange(AGENTS)
        yield "interactions", (i, f"B-{i:08d}", f"{i:064d}", "audio", "phone" if i % 5 else "chat", f"{i}.wav",
                               "scored", 1, f"A{agent:04d}", QUEUES[agent % len(QUEUES)], started,
                               float(rnd.randrange(60, 900)), "{}")
        hits = [ind for ind, w in zip(INDICATORS, WEIGHTS, strict=True) if rnd.random() < w]
        score = max(0.0, 100.0 - 8 * len(hits) - rnd.randrange(10))
        fatal = any(h[4] for h in hits)
        flagged = any(h[2] in ("red", "yellow") for h in hits) and rnd.random() < 0.5
        severity = next((s for s in ("red", "yellow", "blue") if any(h[2] == s for h in hits)), None)
        yield "scores", (i, i, "default", "1", "bench", score, fatal, flagged, False, severity, "[]", "[]", False,
                         "[]")
        middle = RARE if rnd.random() < 0.001 else MIDDLES[rnd.randrange(len(MIDDLES))]
        texts = (OPENERS[i % 3], middle, MIDDLES[(i * 7) % len(MIDDLES)], CLOSERS[rnd.randrange(len(CLOSERS))])
        for k, sentence in enumerate(texts):
            yield "segments", (i, k, ("agent", "customer")[k % 2], k * 12.0, k * 12.0 + 10, sentence, "[]", "[]")
        first_hit = hit_id + 1
        for ind, title, sev, dim, is_fatal in hits:
            hit_id += 1
            yield "hits", (hit_id, i, ind, title, sev, is_fatal, dim, 5.0, json.dumps([2]), texts[2], title, "[]")
        if flagged:
            resolved = (last - day).days > 2 or rnd.random() < 0.5  # reviewers keep up: older items are done
            yield "review_items", (i, i, severity, 10, False, False, started + timedelta(days=2), "[]",
                                   "resolved" if resolved else "open")
            for n, (ind, *_rest) in enumerate(hits):
                if resolved:
                    verdict = "confirmed" if rnd.random() < 0.8 else "false_positive"
                    given = min(started + timedelta(days=1, hours=rnd.randrange(24)), latest_verdict)
                    yield "hit_verdicts", (first_hit + n, ind, verdict, "", "qa1", given)


def load(engine: Engine, *, calls: int, night: int, first: date, last: date, rnd: random.Random) -> None:
    """COPY the calls in, with the trigram index built after the load; agents and statistics too."""
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        with conn.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS ix_segments_text_trgm")
            cur.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                        "WHERE e.extname = 'pg_trgm'")
            trgm = cur.fetchone()[0]
            with cur.copy("COPY agents (agent_id, name, team, supervisor) FROM STDIN") as cp:
                for a in range(AGENTS):
                    cp.write_row((f"A{a:04d}", f"坐席{a}", f"第{a % TEAMS:02d}组", f"主管{a % TEAMS:02d}"))
            _copy_all(conn, _rows(calls, night, first, last, rnd))
            cur.execute(f'CREATE INDEX ix_segments_text_trgm ON segments USING gin (text "{trgm}".gin_trgm_ops)')
            for table in ("interactions", "scores", "hits"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
        with engine.begin() as c:  # this schema's tables only (a bare ANALYZE takes every schema's locks)
            for table in ("agents", *COLUMNS):
                c.execute(text(f"ANALYZE {table}"))
    finally:
        raw.close()


def _copy_all(conn: Any, rows: Iterator[tuple[str, tuple[Any, ...]]]) -> None:
    """One COPY per table at a time (one open COPY per connection): buffer, then flush every table in
    foreign-key order (``COLUMNS`` order)."""
    buffers: dict[str, list[tuple[Any, ...]]] = {t: [] for t in COLUMNS}
    for table, row in rows:
        buffers[table].append(row)
        if len(buffers[table]) >= 100_000:
            for name, pending in buffers.items():
                _flush(conn, name, pending)
    for name, pending in buffers.items():
        _flush(conn, name, pending)


def _flush(conn: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)
    rows.clear()
