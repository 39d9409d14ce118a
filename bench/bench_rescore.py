"""Re-scoring throughput: N stored calls (SQLite or PostgreSQL) re-scored with a newly published rubric.

    .venv/bin/python bench/bench_rescore.py [--calls 100000] [--minutes 2] [--db URL]

Stores N generated calls (``bench_scoring.make_call``: agent/customer turns with real timings) as redacted
transcripts with a score under an older rubric hash, publishes ``rubrics/default.yaml`` and times
``callqa.pipeline.rescore.rescore`` over them (load transcript and detections, score all 32 indicators,
store the new score and hits, queue the flagged ones): prints calls per second. Filling the database is not
timed. Default database: a fresh SQLite file in a temporary folder; ``--db`` must name an empty database (or
an empty PostgreSQL schema: ``postgresql://…/db?options=-csearch_path%3Dbench``). Besides wall-clock calls
per second it prints calls per CPU second of this process, the figure that holds on a shared machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_scoring import make_call  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from callqa.pipeline.rescore import rescore  # noqa: E402
from scoring import load_rubric  # noqa: E402
from storage import rubric_versions  # noqa: E402
from storage.db import migrate, resolve_url, session_scope  # noqa: E402
from storage.models import Interaction, Score, SegmentRow  # noqa: E402

DAY = date(2026, 11, 21)


def fill(url: str, calls: int, minutes: float) -> None:
    rng = random.Random(7)
    started = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    for start in range(0, calls, 1000):
        n = min(1000, calls - start)
        with session_scope(url) as s:
            conn = s.connection()
            first = start + 1
            conn.execute(insert(Interaction), [
                {"id": first + k, "call_id": f"B{first + k:07d}", "content_sha256": f"{first + k:064d}",
                 "kind": "transcript", "channel": "phone", "source_name": "bench", "state": "done",
                 "queue": "售后", "agent_id": f"A{k % 50:03d}", "started_at": started + timedelta(seconds=k),
                 "metadata_json": {}, "attempts": 0} for k in range(n)])
            rows, scores = [], []
            for k in range(n):
                tr = make_call(first + k, minutes, rng)
                rows += [{"interaction_id": first + k, "idx": i, "speaker": g.speaker, "start_s": g.start,
                          "end_s": g.end, "text": g.text, "words": [], "flags": []} for i, g in enumerate(tr.segments)]
                scores.append({"interaction_id": first + k, "rubric_id": "default", "rubric_version": "0",
                               "rubric_hash": "0" * 64, "score": 100.0, "fatal": False, "flagged": False,
                               "calibration": False, "flag_reasons": [], "dimensions": [], "not_applicable": []})
            conn.execute(insert(SegmentRow), rows)
            conn.execute(insert(Score), scores)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--minutes", type=float, default=2.0)
    ap.add_argument("--db")
    args = ap.parse_args()
    url = resolve_url(args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}")
    migrate(url)
    t0 = time.perf_counter()
    fill(url, args.calls, args.minutes)
    print(f"stored {args.calls} calls of {args.minutes:g} min in {time.perf_counter() - t0:.0f} s (not timed)")
    path = ROOT / "rubrics" / "default.yaml"
    rubric = load_rubric(path)
    with session_scope(url) as s:
        rubric_versions.record(s, rubric_id=rubric.id, version=rubric.version, content_hash=rubric.hash,
                               path=str(path), content=path.read_text(encoding="utf-8"), actor="bench",
                               publish=True, now=datetime.now(UTC))
    t0, cpu0 = time.perf_counter(), time.process_time()
    report = rescore(url, since=DAY, until=DAY + timedelta(days=2))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(f"re-scored {report.rescored} calls in {seconds:.1f} s: {report.rescored / seconds:.0f} calls/s "
          f"({len(report.newly_flagged)} newly flagged, {url.split(':')[0]}); this process used {cpu:.1f} CPU s "
          f"= {report.rescored / cpu:.0f} calls per CPU second (the database server's CPU not counted)")


if __name__ == "__main__":
    main()
