"""Generate the catalogue set (issue 14): dev and held-out parts from ``catalogue.yaml``.

The held-out part uses its own value pools, carrier sentences, negatives and seed; it is written for
the final figures only. Records: ``{"id", "source", "text", "spans": [{"start", "end", "type"}]}``.

    python bench/redaction_forms/generate.py --part dev --out /tmp/forms-dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).with_name("catalogue.yaml")
SEEDS = {"dev": 14, "heldout": 1414}


def records(part: str, catalogue: Path = CATALOGUE) -> Iterator[dict[str, object]]:
    """Every (form value × carrier) of one part, plus its negatives, in a seeded order."""
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    rng = random.Random(SEEDS[part])
    out: list[dict[str, object]] = []
    for kind, forms in data["types"].items():
        for form in forms:
            for value in form[part]:
                for carrier in data["carriers"][part][kind]:
                    out.append(_fill(carrier, value, kind, f"{kind}/{form['form']}"))
    for text in data["negatives"][part]:
        out.append({"source": "negative", "text": text, "spans": []})
    rng.shuffle(out)
    for index, record in enumerate(out):
        yield {"id": f"forms-{part}-{index:05d}", **record}


def _fill(carrier: str, value: str, kind: str, source: str) -> dict[str, object]:
    text, spans, rest = "", [], carrier
    while "{v}" in rest:
        head, rest = rest.split("{v}", 1)
        text += head
        spans.append({"start": len(text), "end": len(text) + len(value), "type": kind})
        text += value
    return {"source": source, "text": text + rest, "spans": spans}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=sorted(SEEDS), required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as handle:
        for record in records(args.part):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
