"""Review workbench page times over a queue of 10,000 items (SQLite file, or --db postgresql://…).

    .venv/bin/python bench/bench_web.py [--items 10000] [--db URL] [--repeat 20]

Seeds interactions (20 redacted sentences each), scores, 1–3 hits and review items with bulk inserts, then
times pages through the ASGI app in-process (no network): median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from callqa.web import create_app
from callqa.web.passwords import hash_password
from callqa.web.settings import WebSettings
from storage.audit import append_detections
from storage.db import get_engine, migrate, resolve_url, session_scope
from storage.models import HitRow, Interaction, ReviewItem, Run, Score, SegmentRow
from storage.review import User
from storage.review_ops import check_chain
from transcripts.models import Detection

SEVERITIES = ("red", "yellow", "blue")
INDICATORS = ("R05", "R10", "R12", "R20", "R31")


def seed(url: str, n: int) -> None:
    rnd = random.Random(7)
    now = datetime.now(UTC)
    engine = get_engine(url)
    with engine.begin() as conn:
        digest = hash_password("bench-password")
        conn.execute(insert(User), [{"username": name, "display_name": name, "role": role, "password_hash": digest,
                                     "active": True} for name, role in (("qa1", "qa"), ("comp1", "compliance"))])
        conn.execute(insert(Interaction), [
            {"id": i, "call_id": f"BENCH-{i:05d}", "content_sha256": f"{i:064d}", "kind": "transcript",
             "channel": "phone", "source_name": f"{i}.json", "state": "queued", "attempts": 1,
             "agent_id": f"A{i % 50:03d}", "queue": ("credit_card", "loans", "general")[i % 3],
             "started_at": now - timedelta(minutes=i), "duration_s": 300.0, "metadata_json": {}}
            for i in range(1, n + 1)])
        for start in range(1, n + 1, 1000):
            ids = range(start, min(n, start + 999) + 1)
            conn.execute(insert(SegmentRow), [
                {"interaction_id": i, "idx": k, "speaker": ("agent", "customer")[k % 2], "start_s": k * 15.0,
                 "end_s": k * 15.0 + 10, "text": f"第{k}句：您好，请问还有什么可以帮您？我这边帮您查询一下。",
                 "words": []}
                for i in ids for k in range(20)])
        conn.execute(insert(Score), [
            {"id": i, "interaction_id": i, "rubric_id": "default", "rubric_version": "1", "rubric_hash": "h",
             "score": float(rnd.randint(40, 99)), "fatal": False, "flagged": True, "calibration": False,
             "severity": SEVERITIES[i % 3], "flag_reasons": ["测试原因"], "dimensions": []}
            for i in range(1, n + 1)])
        conn.execute(insert(HitRow), [
            {"score_id": i, "indicator": rnd.choice(INDICATORS), "title": "测试指标", "severity": SEVERITIES[i % 3],
             "fatal": False, "dimension": "服务态度", "deduction": 5.0, "segments": [2], "evidence": "…",
             "reason": "测试理由", "matches": [{"segment": 2, "start": 0, "end": 3, "text": "第2句"}]}
            for i in range(1, n + 1) for _ in range(1 + i % 3)])
        conn.execute(insert(ReviewItem), [
            {"interaction_id": i, "score_id": i, "severity": SEVERITIES[i % 3], "priority": (i % 3 + 1) * 10,
             "high_sensitivity": i % 17 == 0, "calibration": False,
             "due_at": now + timedelta(hours=rnd.randint(-5, 24)), "reasons": ["测试原因"], "status": "open"}
            for i in range(1, n + 1)])


def seed_audit(url: str, n: int) -> None:
    """Three chained redaction records per call (phone, ID, name), as the pipeline would append them."""
    dets = [Detection(segment=1, start=4, end=15, type="PHONE", detector="phone_cn", detector_version="1.2",
                      confidence=0.99, value_hash="ab" * 32, key_id="k1", speaker="customer"),
            Detection(segment=3, start=6, end=24, type="ID_CARD", detector="id_card_cn", detector_version="1.2",
                      confidence=0.99, value_hash="cd" * 32, key_id="k1", speaker="customer"),
            Detection(segment=1, start=2, end=5, type="PERSON_NAME", detector="person_name_rules",
                      detector_version="1.0", confidence=0.9, value_hash="ef" * 32, key_id="k1", speaker="customer")]
    with session_scope(url) as session:
        run = Run(inbox="bench", code_version="bench", status="finished", versions={})
        session.add(run)
        session.flush()
        for i in range(1, n + 1):
            append_detections(session, run_id=run.id, interaction_id=i, detections=dets)


def timed(client: TestClient, path: str, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        resp = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, (path, resp.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def login(client: TestClient, username: str) -> TestClient:
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": username, "password": "bench-password", "csrf_token": token})
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    url = resolve_url(args.db or f"sqlite:///{tempfile.mkdtemp(prefix='bench-web-')}/callqa.db")
    migrate(url)
    t0 = time.perf_counter()
    seed(url, args.items)
    print(f"seeded {args.items} review items in {time.perf_counter() - t0:.1f} s ({url.split(':')[0]})")
    t0 = time.perf_counter()
    seed_audit(url, args.items)
    print(f"appended {3 * args.items} chained redaction records in {time.perf_counter() - t0:.1f} s")
    app = create_app(url, WebSettings(secret_key="bench"))
    with session_scope(url) as s:
        middle = s.scalar(select(ReviewItem.id).where(ReviewItem.interaction_id == args.items // 2))
    pages = {"qa1": {"queue, first page": "/queue", "queue, page 100": "/queue?page=100",
                     "queue, filtered (agent+indicator)": "/queue?agent=A007&indicator=R10",
                     "queue, filtered (severity+queue)": "/queue?severity=red&queue=loans",
                     "call detail (20 sentences)": f"/calls/{middle}"},
             "comp1": {f"compliance (chain of {3 * args.items})": "/compliance",
                       "compliance, one call": f"/compliance/calls/{args.items // 2}"}}
    print(f"{'page':<36} {'median ms':>10} {'p95 ms':>8}")
    for user, paths in pages.items():
        client = login(TestClient(app), user)
        for name, path in paths.items():
            med, p95 = timed(client, path, args.repeat)
            print(f"{name:<36} {med:>10.1f} {p95:>8.1f}")
    with session_scope(url) as s:  # what 立即完整校验 costs (the page shows the latest check instead)
        seconds = check_chain(s, "bench").seconds
    print(f"{'full chain verification (POST)':<36} {seconds * 1000:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
