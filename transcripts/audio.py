"""Decode any common recording (wav, flac, mp3, ogg, m4a; any rate) to 16 kHz float32 per channel.

PyAV (bundled FFmpeg libraries) does the work, so no system ffmpeg is needed. Bad files raise
``InputError`` with a reason code the run summary and the quarantine table show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from common.errors import InputError

SAMPLE_RATE = 16000
AUDIO_EXTENSIONS: tuple[str, ...] = (".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a")
TRUNCATION_TOLERANCE = 0.9
"""A file whose decoded length is below this share of its declared length is truncated."""
MIN_DURATION_S = 0.2


@dataclass(frozen=True)
class DecodedAudio:
    channels: tuple[np.ndarray, ...]
    """One float32 array per channel, in [-1, 1], at ``SAMPLE_RATE``."""
    source_rate: int
    source_channels: int

    @property
    def duration_s(self) -> float:
        return len(self.channels[0]) / SAMPLE_RATE if self.channels else 0.0


def _declared_duration(container: av.container.InputContainer, stream: av.AudioStream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


def _wav_declared_duration(path: Path) -> float | None:
    """Duration the RIFF header promises (FFmpeg trusts the file size instead, hiding truncation)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, byte_rate = 12, 0
    while pos + 8 <= len(head):
        chunk, size = head[pos:pos + 4], int.from_bytes(head[pos + 4:pos + 8], "little")
        if chunk == b"fmt ":
            byte_rate = int.from_bytes(head[pos + 16:pos + 20], "little")
        elif chunk == b"data":
            return size / byte_rate if byte_rate and size < 0xFFFFFFF0 else None
        pos += 8 + size + (size & 1)
    return None


def _resampler(n_channels: int, rate: int) -> av.AudioResampler:
    """The one resampler configuration: FFmpeg swresample (band-limited sinc, anti-aliased), s16 out."""
    return av.AudioResampler(format="s16", layout="stereo" if n_channels == 2 else "mono", rate=rate)


def resample(samples: np.ndarray, source_rate: int, target_rate: int = SAMPLE_RATE) -> np.ndarray:
    """One float32 channel in [-1, 1] from ``source_rate`` to ``target_rate`` with ``decode``'s resampler.

    For tests and benchmarks that need a lower-rate copy (e.g. 8 kHz telephone audio) made exactly the way
    production converts rates. Values outside [-1, 1] are clipped, as a 16-bit recording would be.
    """
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = source_rate
    resampler = _resampler(1, target_rate)
    out = [f.to_ndarray().reshape(-1) for f in (*resampler.resample(frame), *resampler.resample(None))]
    joined = np.concatenate(out) if out else np.zeros(0, dtype=np.int16)
    return joined.astype(np.float32) / 32768.0


def decode(path: Path) -> DecodedAudio:
    where = str(path)
    if path.stat().st_size == 0:
        raise InputError(where, "file is empty (0 bytes)", "re-deliver the recording", reason_code="empty_file")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise InputError(where, f"not a decodable audio file ({type(exc).__name__})",
                         "check the file is wav/flac/mp3/ogg/m4a audio", reason_code="not_audio") from None
    with container:
        if not container.streams.audio:
            raise InputError(where, "contains no audio stream", "deliver an audio recording", reason_code="not_audio")
        stream = container.streams.audio[0]
        n_channels = stream.codec_context.channels or 1
        if n_channels > 2:
            raise InputError(where, f"has {n_channels} channels; expected mono or stereo",
                             "mix down to stereo (agent/customer) or mono", reason_code="bad_channels")
        source_rate = stream.codec_context.sample_rate or 0
        declared = _wav_declared_duration(path) or _declared_duration(container, stream)
        resampler = _resampler(n_channels, SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        try:
            for frame in container.decode(stream):
                frame.pts = None
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as exc:
            raise InputError(where, f"audio stream is corrupt or truncated ({type(exc).__name__})",
                             "re-deliver the complete recording", reason_code="truncated") from None
    pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    channels = tuple(
        np.ascontiguousarray(pcm[c::n_channels]).astype(np.float32) / 32768.0 for c in range(n_channels)
    )
    decoded = DecodedAudio(channels=channels, source_rate=source_rate, source_channels=n_channels)
    if decoded.duration_s < MIN_DURATION_S:
        raise InputError(where, f"decodes to {decoded.duration_s:.2f} s of audio; nothing to transcribe",
                         "re-deliver the complete recording", reason_code="truncated")
    if declared:
        check_complete(decoded, declared, where, "header declares")
    return decoded


def check_complete(decoded: DecodedAudio, expected_s: float, where: str, source: str) -> None:
    """``truncated`` when the recording decodes to less than ``TRUNCATION_TOLERANCE`` of ``expected_s``
    (what the container header or the sidecar's ``duration_s`` says the call lasted)."""
    if decoded.duration_s < TRUNCATION_TOLERANCE * expected_s:
        raise InputError(where, f"truncated: {source} {expected_s:.1f} s but only {decoded.duration_s:.1f} s decode",
                         "re-deliver the complete recording", reason_code="truncated")


def loudness_db(samples: np.ndarray, start_s: float, end_s: float) -> float | None:
    """RMS level of ``samples[start:end]`` in dBFS; None for an empty range."""
    a, b = int(start_s * SAMPLE_RATE), int(end_s * SAMPLE_RATE)
    window = samples[max(a, 0):max(b, 0)]
    if window.size == 0:
        return None
    rms = float(np.sqrt(np.mean(np.square(window, dtype=np.float64))))
    return round(20 * np.log10(max(rms, 1e-9)), 1)
