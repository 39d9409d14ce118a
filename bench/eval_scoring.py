"""Scoring throughput and per-indicator hit rates on real customer-service dialogues.

Reads the third-party dialogue samples under ``$CALLQA_DATA`` (default ``/work/shared/data``,
see its MANIFEST.md; research-only — never copy them into this repo): JDDC chat, STC-3 Weibo
helpdesk, MobileCS phone transcripts. They have no QA labels, so hit rates are a smell test for
false positives (an indicator firing on 40 % of ordinary chats is too loose), and ``--show R14``
prints the sentences behind one indicator's hits for reading.

    .venv/bin/python bench/eval_scoring.py [--show R14] [--limit 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from scoring import BUNDLED_RUBRIC, load_rubric, score_transcript
from transcripts.models import Segment, Transcript

DATA = Path(os.environ.get("CALLQA_DATA", "/work/shared/data")) / "dialogue_cs"


def chat(call_id: str, turns: list[tuple[str, str]], channel: str = "chat") -> Transcript:
    segs = tuple(Segment(speaker=sp, start=float(i), end=float(i), text=tx)
                 for i, (sp, tx) in enumerate(turns) if tx.strip())
    return Transcript(call_id=call_id, channel=channel, segments=segs)


def jddc() -> Iterator[Transcript]:
    path = DATA / "jddc_sample" / "chat_0.1per.txt"
    if not path.exists():
        return
    sessions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 7:
                sessions[row[0]].append(("agent" if row[2] == "1" else "customer", row[6]))
    for sid, turns in sessions.items():
        yield chat(f"jddc-{sid[:12]}", turns)


def stc3() -> Iterator[Transcript]:
    path = DATA / "stc3_weibo_helpdesk" / "test_data_cn.json"
    if not path.exists():
        return
    for d in json.loads(path.read_text(encoding="utf-8")):
        turns = [("agent" if t["sender"] == "helpdesk" else "customer", u) for t in d["turns"] for u in t["utterances"]]
        yield chat(f"stc3-{d['id']}", turns)


def mobilecs() -> Iterator[Transcript]:
    path = DATA / "mobilecs_seretod" / "example.json"
    if not path.exists():
        return
    for d in json.loads(path.read_text(encoding="utf-8")):
        turns = []
        for c in d["content"]:
            turns += [("agent", c.get("[SPEAKER 1]", "")), ("customer", c.get("[SPEAKER 2]", ""))]
        yield chat(f"mcs-{d['id'][:12]}", turns, channel="email")  # no timings: timing rules do not apply


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print the hits of this indicator")
    parser.add_argument("--limit", type=int, default=10, help="hits to print with --show")
    args = parser.parse_args()
    rubric = load_rubric(BUNDLED_RUBRIC)
    for name, source in (("JDDC", jddc), ("STC-3", stc3), ("MobileCS", mobilecs)):
        calls = [t for t in source() if t.segments]
        if not calls:
            print(f"{name}: not available under {DATA}, skipped", file=sys.stderr)
            continue
        t0 = time.perf_counter()
        results = [score_transcript(t, rubric) for t in calls]
        elapsed = time.perf_counter() - t0
        segs = sum(len(t.segments) for t in calls)
        counts = Counter(h.indicator for r in results for h in r.hits)
        print(f"{name}: {len(calls)} dialogues, {segs} sentences, {len(calls) / elapsed:.0f} calls/s, "
              f"flagged {sum(r.flagged for r in results) / len(calls):.0%}")
        print("  " + "  ".join(f"{k} {v / len(calls):.0%}" for k, v in sorted(counts.items())))
        if args.show:
            shown = 0
            for t, r in zip(calls, results, strict=True):
                for h in r.hits:
                    if h.indicator == args.show and shown < args.limit:
                        shown += 1
                        print(f"  --- {t.call_id} {h.reason}\n    " + h.evidence.replace("\n", "\n    "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
