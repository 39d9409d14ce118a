"""What matching by sound does to scores from audio (issue 19, D146): an e2e audio run's stored transcripts
re-scored with every phrase block set to exact, pinyin and fuzzy, against the scripts' expected indicators.

    PYTHONPATH=$PWD python bench/bench_sound_audio.py RUN_DB MANIFEST

``RUN_DB``: the SQLite database of an audio run of the end-to-end benchmark (``bench/e2e/.cache/runs/16k/
callqa.db``), ``MANIFEST``: its ``manifest.json`` (``expect`` per call). Prints micro precision, recall and
F1 over (call × indicator) per mode, and every (call, indicator) that a mode adds or loses against exact,
with the evidence that sound matching found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import select

from bench.bench_sound_examples import set_sound
from scoring import BUNDLED_RUBRIC, load_rubric, score_transcript
from storage.db import session_scope
from storage.interactions import load_redacted_transcript
from storage.models import Interaction
from transcripts.models import Transcript


def transcripts(db: Path) -> list[Transcript]:
    with session_scope(f"sqlite:///{db}") as s:
        return [load_redacted_transcript(s, i) for i in s.scalars(select(Interaction).order_by(Interaction.call_id))
                if i.call_id and s.get(Interaction, i.id) is not None and i.state in ("scored", "queued", "done")]


def hits(calls: list[Transcript], mode: str) -> dict[tuple[str, str], str]:
    rubric = load_rubric(BUNDLED_RUBRIC)
    set_sound(rubric, mode)
    return {(c.call_id, h.indicator): h.reason for c in calls for h in score_transcript(c, rubric).hits}


def main(db: str, manifest: str) -> None:
    expected_by_call = {k: set(v["expect"]) for k, v in json.loads(Path(manifest).read_text("utf-8")).items()}
    calls = [c for c in transcripts(Path(db)) if c.call_id in expected_by_call]
    truth = {(c.call_id, ind) for c in calls for ind in expected_by_call[c.call_id]}
    base = hits(calls, "exact")
    print(f"{len(calls)} calls, {len(truth)} expected (call × indicator)")
    for mode in ("exact", "pinyin", "fuzzy"):
        found = hits(calls, mode) if mode != "exact" else base
        tp = len(set(found) & truth)
        precision, recall = tp / max(1, len(found)), tp / max(1, len(truth))
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        print(f"{mode:>6}: precision {precision:.3f} recall {recall:.3f} micro-F1 {f1:.3f} ({len(found)} hits)")
        for key in sorted(set(found) - set(base)):
            print(f"   + {key[0]} {key[1]} {'right' if key in truth else 'FALSE'}: {found[key][:80]}")
        for key in sorted(set(base) - set(found)):
            print(f"   - {key[0]} {key[1]} {'was right' if key in truth else 'was false'}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
