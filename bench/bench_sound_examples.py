"""Which hits matching by sound adds on the rubric's own example cases (issue 19, D80).

    PYTHONPATH=$PWD python bench/bench_sound_examples.py [rubrics/default.yaml]

Scores every example case (fires / not_fires / known_misses) with every phrase block set to
exact, pinyin and fuzzy, and lists the (case, indicator) hits that differ from exact.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

from pydantic import BaseModel

from scoring.engine import score_transcript
from scoring.examples import example_transcript
from scoring.match import Phrases
from scoring.rubric import Rubric, load_rubric
from scoring.sound_setting import SoundSetting


def set_sound(node: Any, mode: str) -> None:
    """Every Phrases block below ``node`` switched to ``mode`` (bench only: bypasses frozen models)."""
    if isinstance(node, SoundSetting):
        object.__setattr__(node, "sound", mode)
        node.__dict__.pop("compiled", None)
        if not isinstance(node, Phrases):  # similar_sentence encodes its examples after validation
            node.model_post_init({"vocabulary": node._vocabulary})
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            set_sound(getattr(node, name), mode)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            set_sound(getattr(node, field.name), mode)
    elif isinstance(node, (list, tuple)):
        for item in node:
            set_sound(item, mode)
    elif isinstance(node, dict):
        for item in node.values():
            set_sound(item, mode)


def hits(rubric: Rubric) -> dict[tuple[str, str], tuple[str, ...]]:
    out = {}
    for ind in rubric.indicators:
        for kind in ("fires", "not_fires", "known_misses"):
            for n, turns in enumerate(getattr(ind.spec.examples, kind), 1):
                case = f"{ind.id}-{kind}-{n}"
                for h in score_transcript(example_transcript(turns, case), rubric).hits:
                    out[(case, h.indicator)] = tuple(str(e) for e in getattr(h, "evidence", ()))
    return out


def main(path: str) -> None:
    rubric = load_rubric(path)
    base = hits(rubric)
    for mode in ("pinyin", "fuzzy"):
        set_sound(rubric, mode)
        now = hits(rubric)
        added, lost = sorted(set(now) - set(base)), sorted(set(base) - set(now))
        print(f"{mode}: {len(now)} hits, +{len(added)} / -{len(lost)} against exact ({len(base)})")
        for key in added:
            print("  +", *key)
        for key in lost:
            print("  -", *key)
        set_sound(rubric, "exact")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "rubrics/default.yaml")
