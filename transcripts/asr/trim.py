"""Take VAD padding out of segment times with the channel's energy.

faster-whisper's Silero VAD pads every speech chunk (``speech_pad_ms`` 400) and Whisper's word timings start
at the padded chunk, so segments began 0.20 s (median; p10 0.40 s) before the voice on the bundled samples,
0.02 s after trimming (bench/e2e/bench_segments.py, decisions D151).
A segment's start moves forward to its first voiced frame (``transcripts.energy``), its end back to its
last, each by at most ``MAX_SHIFT_S`` and never past its first/last word's middle: a quiet syllable or a
noisy line leaves the segment as the recogniser gave it. Word times stay as decoded: audio masking of personal
data (``redaction/transcript.py``) keeps its margin on the safe, early side.
"""

from __future__ import annotations

import numpy as np

from transcripts.asr.types import RawSegment
from transcripts.energy import FRAME_S

MAX_SHIFT_S = 0.6


def trim_segment(raw: RawSegment, voiced: np.ndarray) -> RawSegment:
    """``raw`` with its start/end moved onto voice (``voiced``: one bool per energy frame of its channel)."""
    first = raw.words[0] if raw.words else None
    last = raw.words[-1] if raw.words else None
    start_limit = min(raw.start + MAX_SHIFT_S, (first.start + first.end) / 2 if first else raw.end)
    end_limit = max(raw.end - MAX_SHIFT_S, (last.start + last.end) / 2 if last else raw.start)
    a, b = int(raw.start / FRAME_S), int(np.ceil(raw.end / FRAME_S))
    window = np.nonzero(voiced[max(a, 0):max(b, 0)])[0]
    if window.size == 0:
        return raw
    start = max(raw.start, min((a + window[0]) * FRAME_S, start_limit))
    end = min(raw.end, max((a + window[-1] + 1) * FRAME_S, end_limit))
    if end <= start:
        return raw
    return RawSegment(start=round(float(start), 2), end=round(float(end), 2), text=raw.text, words=raw.words,
                      flags=raw.flags)


def trim_segments(raws: list[RawSegment], samples: np.ndarray) -> list[RawSegment]:
    """Every decoded segment of one channel trimmed to the voice of ``samples`` (that channel's audio)."""
    from transcripts.energy import voiced_frames

    voiced = voiced_frames(samples)
    return [trim_segment(r, voiced) for r in raws]
