"""Cut a segment where its channel falls silent, even when Whisper's word timings hide the pause.

Whisper aligns words edge to edge: inside one decoded segment the pause between two utterances of one party
usually shows up as a long word, not as a gap (bench/e2e/bench_segments.py: the median gap between words of
one turn is 0.00 s), so ``pauses.split_on_pauses`` misses it. Here a segment is cut at every voiceless
stretch (``transcripts.energy``) of at least ``pauses.PAUSE_S`` that lies between two of its words' middles;
words go to the side of the stretch their middle is on. Segments without words, or with a cut decoder loop,
stay whole (their text has no word times to cut by).
"""

from __future__ import annotations

import numpy as np

from transcripts.asr.pauses import PAUSE_S
from transcripts.asr.types import RawSegment
from transcripts.energy import FRAME_S


def _quiet_runs(voiced: np.ndarray, start: float, end: float, min_s: float) -> list[tuple[float, float]]:
    a, b = max(int(start / FRAME_S), 0), max(int(np.ceil(end / FRAME_S)), 0)
    window = voiced[a:b].tolist()
    runs, since = [], None
    for i, v in enumerate([*window, True]):
        if not v and since is None:
            since = i
        elif v and since is not None:
            if (i - since) * FRAME_S >= min_s:
                runs.append(((a + since) * FRAME_S, (a + i) * FRAME_S))
            since = None
    return runs


def split_at_silences(raw: RawSegment, voiced: np.ndarray, pause_s: float = PAUSE_S) -> list[RawSegment]:
    if len(raw.words) < 2 or raw.flags:
        return [raw]
    mids = [(w.start + w.end) / 2 for w in raw.words]
    cuts = [(q0 + q1) / 2 for q0, q1 in _quiet_runs(voiced, mids[0], mids[-1], pause_s)]
    if not cuts:
        return [raw]
    parts: list[list[int]] = [[] for _ in range(len(cuts) + 1)]
    for i, mid in enumerate(mids):
        parts[sum(mid > c for c in cuts)].append(i)
    out = []
    for idx in (p for p in parts if p):
        words = tuple(raw.words[i] for i in idx)
        out.append(RawSegment(start=words[0].start, end=max(words[-1].end, words[0].start),
                              text="".join(w.text for w in words), words=words, flags=raw.flags))
    return out
