"""Where each voice speaks: embed 1.6 s windows every 0.2 s inside speech, cluster them in two.

Windows are centred inside the ASR's speech spans, and only where the centre 0.2 s is within
``QUIET_DB`` of the call's speech level: windows of pauses and line noise otherwise form a "voice" of
their own (a single real speaker with quiet gaps clustered as two). A window straddling a change of
speaker scores near 0 and is outvoted later.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transcripts.diarize.cluster import TwoClusters, cluster_two
from transcripts.diarize.encoder import TARGET_DBFS, Embedder
from transcripts.diarize.mel import FRAME_S, SAMPLE_RATE, mel_power

WINDOW_S = 1.6
"""GE2E's training length; 0.8 and 1.2 s measured 0.5–1 point worse on the bench calls."""
HOP_S = 0.2
QUIET_DB = 30.0
"""Windows whose centre is this far below the 90th-percentile speech level are not embedded."""
BATCH = 64
"""Windows per encoder call: bounds memory to 64 × 160 × 1024 floats (42 MB) per LSTM layer; 256 was
no faster."""


@dataclass(frozen=True)
class VoiceMap:
    times: np.ndarray
    """Window centres in seconds."""
    clusters: TwoClusters

    @property
    def scores(self) -> np.ndarray:
        return self.clusters.scores


def window_centres(spans: list[tuple[float, float]]) -> np.ndarray:
    """Centres (seconds) every ``HOP_S`` inside each span; a short span gets one centre in its middle."""
    centres: list[float] = []
    for start, end in spans:
        if end - start < HOP_S:
            centres.append((start + end) / 2)
        else:
            centres.extend(np.arange(start + HOP_S / 2, end, HOP_S).tolist())
    return np.unique(np.round(np.asarray(centres, dtype=np.float64), 2))


def loud_enough(samples: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Mask of centres whose surrounding 0.2 s is within ``QUIET_DB`` of the speech level."""
    half = int(HOP_S * SAMPLE_RATE / 2)
    levels = np.array([
        10 * np.log10(np.mean(np.square(samples[max(c - half, 0):c + half], dtype=np.float64)) + 1e-12)
        for c in (centres * SAMPLE_RATE).astype(np.int64)
    ])
    if not len(levels):
        return np.zeros(0, bool)
    return levels >= np.percentile(levels, 90) - QUIET_DB


def _speech_gain(samples: np.ndarray, spans: list[tuple[float, float]]) -> float:
    parts = [samples[int(a * SAMPLE_RATE):int(b * SAMPLE_RATE)] for a, b in spans]
    speech = np.concatenate(parts) if parts else samples
    rms = float(np.sqrt(np.mean(np.square(speech, dtype=np.float64)))) if speech.size else 0.0
    return 10 ** (TARGET_DBFS / 20) / max(rms, 1e-6)


def map_voices(samples: np.ndarray, spans: list[tuple[float, float]], embedder: Embedder) -> VoiceMap:
    """Embed and cluster windows centred in ``spans`` (seconds) of 16 kHz ``samples``."""
    centres = window_centres(spans)
    centres = centres[loud_enough(samples, centres)]
    mel = mel_power(samples * _speech_gain(samples, spans))
    width = round(WINDOW_S / FRAME_S)
    if len(mel) < width:
        mel = np.pad(mel, ((0, width - len(mel)), (0, 0)))
    first = np.clip(np.round(centres / FRAME_S).astype(np.int64) - width // 2, 0, len(mel) - width)
    embeddings = [
        embedder.embed(np.stack([mel[f:f + width] for f in first[i:i + BATCH]]))
        for i in range(0, len(first), BATCH)
    ]
    stacked = np.concatenate(embeddings) if embeddings else np.zeros((0, 1), np.float32)
    return VoiceMap(times=centres, clusters=cluster_two(stacked))
