"""Speaker separation for mono recordings: who of two voices said each word.

``separate`` embeds speech windows (GE2E d-vectors, ``encoder.py``), clusters them in two
(``cluster.py``), labels words by Viterbi and splits ASR segments at voice changes (``split.py``).
When no second voice is found (``two_voices`` is false) the caller falls back to text rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transcripts.asr.types import RawSegment
from transcripts.diarize.encoder import Embedder, default_embedder
from transcripts.diarize.split import VoicedUtterance, split_by_voice
from transcripts.diarize.voices import map_voices

VERSION = "ge2e-viterbi-1"
"""Changes whenever mono output can change; belongs in the transcription cache key (flows/nightly.py)."""
MIN_CONTRAST = 11.0
"""Fisher ratio of the window scores (``cluster.py``). Measured (D22): three real two-speaker calls mixed
to mono 23.6–38.2; six real single-speaker channels 4.8–7.9; the nine sample mixes (one TTS voice, the
customer pitched 10 % down) 5.6–9.2, except two at 11.8 and 12.9 that then separate correctly. Centroid
distance told one voice from two worse (0.07–0.10 against 0.14–0.25)."""


@dataclass(frozen=True)
class Separation:
    utterances: tuple[VoicedUtterance, ...]
    contrast: float
    embedder: str

    @property
    def two_voices(self) -> bool:
        return self.contrast >= MIN_CONTRAST


def separate(samples: np.ndarray, raws: list[RawSegment], embedder: Embedder | None = None) -> Separation | None:
    """Voices in 16 kHz mono ``samples`` given its ASR segments; None without an encoder or segments."""
    embedder = embedder or default_embedder()
    if embedder is None or not raws:
        return None
    voices = map_voices(samples, [(r.start, r.end) for r in raws], embedder)
    return Separation(utterances=tuple(split_by_voice(raws, voices)),
                      contrast=round(voices.clusters.contrast, 2), embedder=embedder.name)


__all__ = ["VERSION", "Separation", "VoicedUtterance", "separate"]
