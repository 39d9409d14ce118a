"""Recall and precision of the redactor on one part of the catalogue set (issue 14).

    .venv/bin/python bench/redaction_forms/evaluate.py --part dev|heldout|cluener [--misses ADDRESS]

Scored exactly as ``bench/eval_redaction.py`` scores its set (same ``score`` and ``table``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from eval_redaction import score, table  # noqa: E402
from generate import SEEDS, records  # noqa: E402
from redaction_set import DATA, cluener  # noqa: E402

from transcripts.redaction import redact_texts  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=[*sorted(SEEDS), "cluener"], required=True,
                        help="cluener: CLUENER2020 dev address and name entities (external, read in place)")
    parser.add_argument("--misses", help="print up to 20 missed values of this type")
    args = parser.parse_args()
    if args.part == "cluener":
        recs = list(cluener((("address", "ADDRESS"), ("name", "PERSON_NAME"))))
        if not recs:
            print(f"{DATA}: CLUENER2020 not found, nothing to score", file=sys.stderr)
            return 0
    else:
        recs = list(records(args.part))
    results = redact_texts([str(r["text"]) for r in recs])
    preds = [[(s.start, s.end, s.type) for s in r.spans] for r in results]
    stats, misses = score(recs, preds)
    table(f"callqa redactor — {args.part} ({len(recs)} texts)", stats)
    if args.misses:
        for rec, _ in [m for m in misses if m[1] == args.misses][:20]:
            print(f"  {rec['source']}: {rec['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
