"""Do the recogniser's word probabilities tell misheard characters from right ones? (issue 19 point 3, D144)

    PYTHONPATH=$PWD python bench/bench_word_probability.py RUN_DB MANIFEST

``RUN_DB``: the SQLite database of an audio run of the end-to-end benchmark (bench/e2e, ``.cache/runs/16k/
callqa.db``); ``MANIFEST``: its ``manifest.json`` (the scripts). Each ASR segment is aligned with the script
turn of the same call and speaker it resembles most (rapidfuzz), character by character (difflib). Every
recognised character is right, misheard as a homophone (same toneless pinyin: pinyin matching already
recovers it), misheard as a near-homophone (only the fuzzy pairs recover it) or misheard otherwise. The
table gives, per probability band of the word the character belongs to, how many of each, so one can see
whether "widen matching for low-probability words" (e.g. fuzzy pairs or no short-phrase guard there) would
recover more than it would risk.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from rapidfuzz import fuzz

from scoring.sound import encode
from scoring.text import normalise

BANDS = (0.3, 0.5, 0.7, 0.9, 1.01)


def char_probabilities(words: list[dict[str, object]]) -> list[float]:
    """The probability of the word each normalised character of the segment came from."""
    out: list[float] = []
    for w in words:
        out += [float(w.get("probability") or 0.0)] * len(normalise(str(w.get("text", ""))))  # type: ignore[arg-type]
    return out


def kind(heard: str, said: str) -> str:
    if heard == said:
        return "right"
    if encode(heard, "pinyin") == encode(said, "pinyin"):
        return "homophone"
    if encode(heard, "fuzzy") == encode(said, "fuzzy"):
        return "near"
    return "other"


def measure(db: Path, manifest: Path) -> Counter[tuple[float, str]]:
    scripts = json.loads(manifest.read_text(encoding="utf-8"))
    counts: Counter[tuple[float, str]] = Counter()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("select i.call_id, s.speaker, s.text, s.words from segments s "
                       "join interactions i on i.id = s.interaction_id")
    for call_id, speaker, text, words in rows:
        turns = [normalise(t["text"]) for t in scripts.get(call_id, {}).get("turns", []) if t["speaker"] == speaker]
        heard = normalise(text)
        probs = char_probabilities(json.loads(words or "[]"))
        if not turns or not heard or len(probs) != len(heard):
            continue
        said = max(turns, key=lambda t: fuzz.partial_ratio(heard, t))
        for op, a0, a1, b0, b1 in SequenceMatcher(None, heard, said, autojunk=False).get_opcodes():
            for k in range(a0, a1):
                label = "right" if op == "equal" else kind(heard[k], said[b0 + k - a0]) \
                    if op == "replace" and a1 - a0 == b1 - b0 else "other"
                counts[(next(b for b in BANDS if probs[k] < b), label)] += 1
    return counts


def main(db: str, manifest: str) -> None:
    counts = measure(Path(db), Path(manifest))
    labels = ("right", "homophone", "near", "other")
    print("word probability  " + "  ".join(f"{k:>9}" for k in labels) + "  misheard share")
    for band in BANDS:
        row = [counts[(band, k)] for k in labels]
        total = sum(row) or 1
        print(f"< {min(band, 1.0):<15.2f} " + "  ".join(f"{n:>9}" for n in row) + f"  {1 - row[0] / total:>13.1%}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
