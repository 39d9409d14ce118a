"""Redacted recordings for reviewers: silence (or a 1 kHz tone) over every personal-data span.

The time ranges come from the redaction detections (word timestamps, padded by the redactor); they are
applied to every channel, because a value spoken by one party can leak faintly into the other's line.
Output is 16 kHz Opus with independent channels. The original recording is only read, never copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import av
import numpy as np

from transcripts.audio import SAMPLE_RATE, decode

Mode = Literal["silence", "tone"]
TONE_HZ = 1000.0
TONE_LEVEL = 0.1


def mask(channels: Sequence[np.ndarray], ranges: Sequence[tuple[float, float]], mode: Mode = "silence") -> np.ndarray:
    """A (channels, samples) float32 copy with every range silenced or replaced by a tone."""
    out = np.stack([np.asarray(c, dtype=np.float32) for c in channels]).copy()
    n = out.shape[1]
    for start, end in ranges:
        a, b = max(0, int(start * SAMPLE_RATE)), min(n, int(np.ceil(end * SAMPLE_RATE)))
        if b <= a:
            continue
        if mode == "tone":
            t = np.arange(a, b) / SAMPLE_RATE
            out[:, a:b] = (TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)
        else:
            out[:, a:b] = 0.0
    return out


def encode_opus(samples: np.ndarray, out: Path, bit_rate: int = 24000) -> None:
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)
    tmp = out.with_name(out.name + ".partial")
    with av.open(str(tmp), "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=SAMPLE_RATE, options={"mapping_family": "255"})
        stream.layout = layout
        stream.bit_rate = bit_rate * samples.shape[0]
        frame = av.AudioFrame.from_ndarray(pcm.T.reshape(1, -1), format="s16", layout=layout)
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    tmp.replace(out)  # readers never see a half-written file


def redact_recording(src: Path, ranges: Sequence[tuple[float, float]], out: Path, mode: Mode = "silence") -> Path:
    decoded = decode(src)
    out.parent.mkdir(parents=True, exist_ok=True)
    encode_opus(mask(decoded.channels, ranges, mode), out)
    return out
