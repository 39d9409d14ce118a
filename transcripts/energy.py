"""Channel energy: where a channel has voice, measured from its samples, independent of the recogniser.

One home for the frame levels that trim VAD padding off segment times (``asr/trim.py``) and find the
stretches of a call in which no channel has voice (``voice_silences``). Frames are ``FRAME_S`` long; a frame
is voiced when its RMS level is at least ``VOICE_OVER_FLOOR_DB`` above the channel's noise floor (the
``FLOOR_PERCENTILE`` of its frame levels: the quiet most calls are in) and at least ``-VOICE_UNDER_PEAK_DB``
relative to the channel's loud frames, so line noise and breathing stay silent on any recording level.
"""

from __future__ import annotations

import numpy as np

from transcripts.audio import SAMPLE_RATE

FRAME_S = 0.02
FLOOR_PERCENTILE = 10
VOICE_OVER_FLOOR_DB = 15.0
VOICE_UNDER_PEAK_DB = 40.0
PEAK_PERCENTILE = 99
SILENCE_MIN_S = 2.0
"""Shortest stretch recorded in ``Transcript.voice_silences``: below every silence rule of the rubric (8 s, 15 s)
with room for site rubrics, and well above pauses inside a sentence."""


def frame_db(samples: np.ndarray) -> np.ndarray:
    """RMS level per ``FRAME_S`` frame in dBFS (a trailing partial frame is dropped)."""
    n = int(FRAME_S * SAMPLE_RATE)
    frames = samples[: len(samples) // n * n].astype(np.float64).reshape(-1, n)
    rms = np.sqrt(np.mean(np.square(frames), axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-9))


def voiced_frames(samples: np.ndarray) -> np.ndarray:
    """Boolean per frame: the channel has voice there (module docstring)."""
    levels = frame_db(samples)
    if levels.size == 0:
        return np.zeros(0, dtype=bool)
    floor = float(np.percentile(levels, FLOOR_PERCENTILE))
    peak = float(np.percentile(levels, PEAK_PERCENTILE))
    threshold = max(floor + VOICE_OVER_FLOOR_DB, peak - VOICE_UNDER_PEAK_DB)
    return levels >= threshold


def voice_silences(channels: tuple[np.ndarray, ...], min_s: float) -> list[tuple[float, float]]:
    """Stretches of at least ``min_s`` seconds in which no channel has a voiced frame, as (start, end) seconds."""
    masks = [voiced_frames(c) for c in channels]
    length = min((m.size for m in masks), default=0)
    if length == 0:
        return []
    any_voice = np.zeros(length, dtype=bool)
    for m in masks:
        any_voice |= m[:length]
    out: list[tuple[float, float]] = []
    quiet_from: int | None = None
    for i, voiced in enumerate([*any_voice.tolist(), True]):
        if not voiced and quiet_from is None:
            quiet_from = i
        elif voiced and quiet_from is not None:
            if (i - quiet_from) * FRAME_S >= min_s:
                out.append((round(quiet_from * FRAME_S, 2), round(i * FRAME_S, 2)))
            quiet_from = None
    return out
