"""Speaker separation for mono recordings: who of two voices said each word.

``separate`` embeds speech windows (GE2E d-vectors, ``encoder.py``), clusters them in two
(``cluster.py``), labels words by Viterbi and splits ASR segments at voice changes (``split.py``).
It returns None when no second voice is found, and the caller falls back to text rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transcripts.asr.engine import RawSegment
from transcripts.diarize.encoder import Embedder, default_embedder
from transcripts.diarize.split import VoicedUtterance, split_by_voice
from transcripts.diarize.voices import map_voices

MIN_SEPARATION = 0.11
"""1 − cos between the voice centroids. Measured: one real speaker split in two 0.07–0.10, two real
speakers 0.13–0.27, the sample calls' single TTS voice (pitch-shifted customer) 0.05–0.07."""


@dataclass(frozen=True)
class Separation:
    utterances: tuple[VoicedUtterance, ...]
    separation: float
    embedder: str


def separate(samples: np.ndarray, raws: list[RawSegment], embedder: Embedder | None = None) -> Separation | None:
    """Two voices in 16 kHz mono ``samples`` given its ASR segments, or None if not two voices."""
    embedder = embedder or default_embedder()
    if embedder is None or not raws:
        return None
    voices = map_voices(samples, [(r.start, r.end) for r in raws], embedder)
    if voices.clusters.separation < MIN_SEPARATION:
        return None
    return Separation(utterances=tuple(split_by_voice(raws, voices)),
                      separation=round(voices.clusters.separation, 3), embedder=embedder.name)


__all__ = ["Separation", "VoicedUtterance", "separate"]
