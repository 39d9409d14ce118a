"""Redaction throughput per core, and where the time goes (issue 14 speed target: ≥ 2 MB/s per core).

    PYTHONPATH=. .venv/bin/python bench/bench_redaction_speed.py [--repeat 3] [--search thorough|fast|exhaustive]
        [--texts dialogues|evaluation]

Texts (``--texts``): ``dialogues`` (default) — whole real interactions of ``bench/redaction_dialogues.py``
(JDDC chat sessions with their placeholders filled, STC-3 Weibo helpdesk dialogues, MobileCS call
transcripts), each redacted as one batch of its turns, as the pipeline redacts a transcript; or
``evaluation`` — the labelled lines of ``bench/redaction_set.py`` (JDDC lines with a value, CLUENER/MSRA
news sentences, templates), in batches of ``CALL_TURNS`` lines: denser in names and values than calls.
Size is bytes of UTF-8 input. Time is CPU time of this process (``time.process_time``: threads of the name tagger's ONNX
runtime included), best of ``--repeat`` runs, so other load on the machine does not count; "per core" is
that CPU time. The breakdown times the normalised view and each detector alone on the same texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import redaction_dialogues  # noqa: E402
import redaction_set  # noqa: E402

from callqa.config import name_search  # noqa: E402
from transcripts.redaction.detectors.base import BatchDetector, Detector  # noqa: E402
from transcripts.redaction.digits import DigitRun, find_digit_runs  # noqa: E402
from transcripts.redaction.engine import build_redactor  # noqa: E402
from transcripts.redaction.normalise import normalise  # noqa: E402

CALL_TURNS = 40


def cpu_seconds(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        work()
        best = min(best, time.process_time() - t0)
    return best


def _detector_work(det: Detector, views: list[str], runs: list[list[DigitRun]]) -> Callable[[], object]:
    """One detector alone over every view (a batch detector in call-sized batches)."""
    if isinstance(det, BatchDetector):
        batch = det
        return lambda: [batch.detect_many(views[i:i + CALL_TURNS], runs[i:i + CALL_TURNS])
                        for i in range(0, len(views), CALL_TURNS)]
    return lambda: [det.detect(v, r) for v, r in zip(views, runs, strict=True)]


def batches_of(kind: str) -> list[list[str]]:
    """The texts to redact, in the batches ``redact_texts`` gets them (one interaction, or CALL_TURNS lines)."""
    if kind == "dialogues":
        return redaction_dialogues.build()
    texts = [str(r["text"]) for r in redaction_set.build()]
    return [texts[i:i + CALL_TURNS] for i in range(0, len(texts), CALL_TURNS)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--search", help="name search depth (default: CALLQA_NAME_SEARCH, as the pipeline reads it)")
    ap.add_argument("--texts", choices=("dialogues", "evaluation"), default="dialogues")
    args = ap.parse_args()
    batches = batches_of(args.texts)
    texts = [t for b in batches for t in b]
    size_mb = sum(len(t.encode()) for t in texts) / 1e6
    depth = args.search or name_search()
    redactor = build_redactor(depth)
    redactor.redact_text("预热：张卫国表示同意")
    total = cpu_seconds(lambda: [redactor.redact_texts(b) for b in batches], args.repeat)
    print(f"{args.texts}: {len(batches)} batches, {len(texts)} texts, {size_mb:.2f} MB, "
          f"name search {depth}: {total:.2f} s CPU = "
          f"{size_mb / total:.2f} MB/s per core")
    views = [normalise(t).text for t in texts]
    runs = [find_digit_runs(v) for v in views]
    rows = [("normalise", cpu_seconds(lambda: [normalise(t) for t in texts], args.repeat)),
            ("digit runs", cpu_seconds(lambda: [find_digit_runs(v) for v in views], args.repeat))]
    for det in redactor.detectors:
        rows.append((det.name, cpu_seconds(_detector_work(det, views, runs), args.repeat)))
    print(f"{'stage':<24} {'CPU s':>7} {'share':>6} {'MB/s alone':>10}")
    for name, seconds in rows:
        print(f"{name:<24} {seconds:7.3f} {seconds / total:6.1%} {size_mb / max(seconds, 1e-9):10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
