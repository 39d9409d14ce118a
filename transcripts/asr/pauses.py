"""Split decoder segments at long pauses between words.

Whisper (with VAD chunks glued together) often returns one segment spanning two utterances of a party
separated by seconds of silence — e.g. the agent's greeting and, 5 s later, a reply. Turn-taking,
latency and silence indicators need utterances, so a segment is cut wherever the gap between two
consecutive words is at least ``PAUSE_S``.

Measured on the bundled samples' designed timelines (``bench/e2e/bench_segments.py --set samples``, 1,001
word gaps inside turns, 67 between two turns of one speaker): a threshold of 0.5 s cuts 13 sentences in two,
0.6–0.7 s cut 2 and leave 2 turn pairs merged, 0.8 s cuts none and leaves 3 merged, 1.0 s leaves 4 merged.
0.8 s makes the fewest errors; the end-to-end benchmark (held out) confirms it (bench/e2e/README.md).
"""

from __future__ import annotations

from itertools import pairwise

from transcripts.models import Word

PAUSE_S = 0.8


def split_on_pauses(words: tuple[Word, ...], pause_s: float = PAUSE_S) -> list[tuple[Word, ...]]:
    if not words:
        return []
    parts: list[list[Word]] = [[words[0]]]
    for prev, word in pairwise(words):
        if word.start - prev.end >= pause_s:
            parts.append([])
        parts[-1].append(word)
    return [tuple(p) for p in parts]
