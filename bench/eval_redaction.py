"""Redaction quality and speed: recall and precision per personal-data type, MB/s, and Presidio as reference.

    .venv/bin/python bench/eval_redaction.py [--presidio /path/to/python-with-presidio] [--misses PHONE]

The evaluation set (``bench/redaction_set.py``) is built from real dialogues and NER test sets under
``$CALLQA_DATA`` (research-only: read in place, never copied) plus templates; the script says so and
uses only the templates when the data is absent.

- recall: a labelled value counts as caught when redacted spans (of any type) cover ≥ 90 % of its
  characters (what matters for privacy); ``typed`` is the share also found with the right type.
- precision: a redacted span is right when it overlaps a labelled value; over-redaction of amounts,
  order numbers, dates, hotlines… counts against it (those are filled in but not labelled).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from redaction_set import DATA, build  # noqa: E402

from callqa.config import name_search  # noqa: E402
from transcripts.redaction.engine import build_redactor  # noqa: E402

Record = dict[str, object]
Pred = list[tuple[int, int, str]]
TARGETS = {"PHONE": 0.99, "ID_CARD": 0.99, "BANK_CARD": 0.99, "EMAIL": 0.99, "VERIFICATION_CODE": 0.99,
           "PERSON_NAME": 0.95, "ADDRESS": 0.95}
CALL_TURNS = 40
"""Texts redacted together in the throughput run: about the turns of one call (a transcript's turns are
redacted in one pass, so the name tagger batches their windows)."""


def covered(gold: dict[str, int], pred: Pred) -> float:
    chars = set(range(gold["start"], gold["end"]))
    hit = {i for s, e, _ in pred for i in range(s, e)} & chars
    return len(hit) / max(1, len(chars))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(records: list[Record], preds: list[Pred]) -> tuple[dict[str, Counter[str]], list[tuple[Record, str]]]:
    stats: dict[str, Counter[str]] = {}
    misses: list[tuple[Record, str]] = []
    for rec, pred in zip(records, preds, strict=True):
        gold = rec["spans"]
        assert isinstance(gold, list)
        for g in gold:
            c = stats.setdefault(g["type"], Counter())
            c["gold"] += 1
            if covered(g, pred) >= 0.9:
                c["caught"] += 1
            else:
                misses.append((rec, g["type"]))
            if any(t == g["type"] and overlaps((s, e), (g["start"], g["end"])) for s, e, t in pred):
                c["typed"] += 1
        for s, e, t in pred:
            c = stats.setdefault(t, Counter())
            c["pred"] += 1
            if any(overlaps((s, e), (g["start"], g["end"])) for g in gold):
                c["right"] += 1
    return stats, misses


def table(title: str, stats: dict[str, Counter[str]]) -> None:
    print(f"\n{title}")
    print(f"{'type':<18} {'labelled':>8} {'recall':>7} {'typed':>6} {'target':>6} {'redacted':>8} {'precision':>9}")
    total = Counter[str]()
    for kind in sorted(stats):
        c = stats[kind]
        total.update(c)
        recall = f"{c['caught'] / c['gold']:.3f}" if c["gold"] else "-"
        typed = f"{c['typed'] / c['gold']:.3f}" if c["gold"] else "-"
        prec = f"{c['right'] / c['pred']:.3f}" if c["pred"] else "-"
        target = f"{TARGETS[kind]:.2f}" if kind in TARGETS else ""
        print(f"{kind:<18} {c['gold']:>8} {recall:>7} {typed:>6} {target:>6} {c['pred']:>8} {prec:>9}")
    prec_all = total["right"] / total["pred"] if total["pred"] else 0.0
    print(f"{'all':<18} {total['gold']:>8} {total['caught'] / max(1, total['gold']):>7.3f} "
          f"{total['typed'] / max(1, total['gold']):>6.3f} {'':>6} {total['pred']:>8} {prec_all:>9.3f}")


def presidio_preds(python: str, records: list[Record]) -> list[Pred]:
    payload = "\n".join(json.dumps({"text": r["text"]}, ensure_ascii=False) for r in records)
    out = subprocess.run([python, str(ROOT / "bench" / "presidio_reference.py")], input=payload, text=True,
                         capture_output=True, check=True).stdout
    return [[(s, e, t) for s, e, t in json.loads(line)] for line in out.splitlines()]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--presidio", help="a Python with presidio-analyzer installed (reference run)")
    ap.add_argument("--misses", help="print up to 15 missed values of this type")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"{DATA} not found: evaluating on templates only", file=sys.stderr)
    records = build()
    by_source = Counter(str(r["source"]) for r in records)
    print("evaluation set: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items())))
    texts = [str(r["text"]) for r in records]
    redactor = build_redactor(name_search())  # CALLQA_NAME_SEARCH, as the pipeline reads it
    redactor.redact_text("预热：张卫国表示同意")  # first-call costs (regexes, lexicon loads) are not throughput
    t0 = time.perf_counter()
    alone = [redactor.redact_text(t) for t in texts]
    elapsed_alone = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = [r for i in range(0, len(texts), CALL_TURNS) for r in redactor.redact_texts(texts[i:i + CALL_TURNS])]
    elapsed = time.perf_counter() - t0
    if results != alone:
        raise SystemExit("redact_texts and redact_text disagree: batching must not change detections")
    size = sum(len(t.encode()) for t in texts)
    preds = [[(s.start, s.end, s.type) for s in r.spans] for r in results]
    stats, misses = score(records, preds)
    table("callqa redactor", stats)
    print(f"\nthroughput: {size / 1e6:.2f} MB of text in {elapsed:.2f} s = {size / 1e6 / elapsed:.2f} MB/s (one core,"
          f" {CALL_TURNS} texts per call as a transcript is redacted; one text at a time:"
          f" {size / 1e6 / elapsed_alone:.2f} MB/s)")
    for source in sorted(by_source):
        idx = [i for i, r in enumerate(records) if r["source"] == source]
        sub, _ = score([records[i] for i in idx], [preds[i] for i in idx])
        table(f"callqa redactor — {source} only", sub)
    if args.misses:
        print(f"\nmissed {args.misses}:")
        for rec, _ in [m for m in misses if m[1] == args.misses][:15]:
            print(f"  {rec['id']}: {str(rec['text'])[:100]}")
    if args.presidio:
        table("Presidio 2.2 reference (PhoneRecognizer CN, Email, CreditCard; NoOp NLP engine)",
              score(records, presidio_preds(args.presidio, records))[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
