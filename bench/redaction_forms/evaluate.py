"""Recall and precision of the redactor per type, on one or more evaluation sets (issue 14).

    .venv/bin/python bench/redaction_forms/evaluate.py --part dev cluener weibo jddc asr
        [--presidio /path/to/python-with-presidio] [--misses ADDRESS] [--false ADDRESS] [--totals-only]

Sets: ``dev`` / ``heldout`` (the catalogue, ``generate.py``; held-out is for the final figures only — use
``--totals-only`` so nobody reads per-type misses from it), ``cluener`` (CLUENER2020 dev address and name
entities; ``cluener-street`` only its street-level ones), ``weibo`` (Weibo NER test person names),
``jddc`` (JDDC chat placeholders filled with values; ``external.py``), ``asr`` (the ASR round trip,
``asr_roundtrip.py``; cached transcripts only), ``unseen`` (hand-written lines nobody tunes on,
``bench/redaction_unseen``; per-type table, no ``--misses``/``--false``). External sets are read in place
from ``$CALLQA_DATA`` and skipped when absent. Scored exactly as ``bench/eval_redaction.py`` scores its set
(same ``score`` and ``table``); ``--presidio`` runs Presidio's pattern recognizers on the same records in the same run.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parents[1])]

import asr_roundtrip  # noqa: E402
import external  # noqa: E402
from eval_redaction import presidio_preds, score, table  # noqa: E402
from generate import SEEDS, records  # noqa: E402
from redaction_set import DATA, cluener  # noqa: E402
from redaction_unseen.load import records as unseen_records  # noqa: E402

from transcripts.redaction.engine import build_redactor  # noqa: E402

Record = dict[str, object]
SETS: dict[str, Callable[[], Iterable[Record]]] = {
    "dev": lambda: records("dev"),
    "heldout": lambda: records("heldout"),
    "cluener": lambda: cluener((("address", "ADDRESS"), ("name", "PERSON_NAME"))),
    "cluener-street": external.cluener_street,
    "weibo": external.weibo,
    "jddc": external.jddc,
    "asr": asr_roundtrip.records,
    "unseen": unseen_records,
}
assert set(SEEDS) <= set(SETS)


def evaluate(part: str, args: argparse.Namespace) -> None:
    recs = list(SETS[part]())
    if not recs:
        print(f"\n{part}: no records ({DATA} or the ASR cache absent), skipped", file=sys.stderr)
        return
    unaligned = Counter(str(r["unaligned"]) for r in recs if "unaligned" in r)
    recs = [r for r in recs if "unaligned" not in r]
    results = build_redactor().redact_texts([str(r["text"]) for r in recs])
    stats, misses = score(recs, [[(s.start, s.end, s.type) for s in r.spans] for r in results])
    title = f"callqa redactor — {part} ({len(recs)} texts)"
    if unaligned:
        title += "; not found again in the transcript, not scored: " + ", ".join(
            f"{k} {v}" for k, v in sorted(unaligned.items()))
    if args.totals_only:
        total = Counter[str]()
        for c in stats.values():
            total.update(c)
        print(f"\n{title}\nall: labelled {total['gold']}, recall {total['caught'] / max(1, total['gold']):.3f}, "
              f"precision {total['right'] / max(1, total['pred']):.3f}")
        return
    table(title, stats)
    if args.misses:
        for rec, _ in [m for m in misses if m[1] == args.misses][:20]:
            print(f"  {rec['source']}: {rec['text']}")
    if args.false:
        for rec, res in zip(recs, results, strict=True):
            gold = [(int(g["start"]), int(g["end"])) for g in rec["spans"]]  # type: ignore[union-attr]
            for s in res.spans:
                if s.type == args.false and not any(s.start < e and b < s.end for b, e in gold):
                    print(f"  false {s.type}: {str(rec['text'])[:s.start]}[{str(rec['text'])[s.start:s.end]}]")
    if args.presidio:
        table(f"Presidio pattern recognizers — {part}", score(recs, presidio_preds(args.presidio, recs))[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", nargs="+", choices=list(SETS), required=True)
    parser.add_argument("--misses", help="print up to 20 missed values of this type (not with heldout)")
    parser.add_argument("--false", help="print redactions of this type that overlap no labelled value")
    parser.add_argument("--totals-only", action="store_true", help="only overall recall and precision")
    parser.add_argument("--presidio", help="a Python with presidio-analyzer installed (reference run)")
    args = parser.parse_args()
    if "heldout" in args.part and (args.misses or args.false or not args.totals_only):
        parser.error("the held-out part is scored with --totals-only and without --misses")
    if "unseen" in args.part and (args.misses or args.false):
        parser.error("the unseen part (bench/redaction_unseen) is scored without --misses/--false: nobody tunes on it")
    for part in args.part:
        evaluate(part, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
