"""The typed pieces every ASR engine shares: options (``AsrConfig``), per-call hints, raw segments and the
engine protocol. Engine modules import only this module, so the registry (``engine.py``) can import them
without a circle.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Protocol

import numpy as np

from transcripts.models import AsrInfo, Word

_NOT_OUTPUT = frozenset({"cpu_threads", "workers", "model_dir"})
"""Options that change speed or location, not text: left out of the fingerprint (and so of the cache key)."""


@dataclass(frozen=True)
class AsrConfig:
    engine: str = "faster-whisper"
    model: str = "base"
    device: str = "cpu"
    compute_type: str = "int8"
    beam_size: int = 5
    vad: bool = True
    vad_threshold: float = 0.5
    """Silero speech probability above which a frame is speech (faster-whisper's default)."""
    vad_threshold_narrowband: float = 0.2
    """The same for recordings made at ≤ 8 kHz: telephone-band speech scores lower (bench/asr/README.md)."""
    language: str = "zh"
    cpu_threads: int = 2
    """Threads per decoding worker."""
    word_timestamps: bool = True
    workers: int = 1
    """Calls decoded at the same time by one loaded model (nightly flow); cores used = workers × cpu_threads."""
    model_dir: str = ""
    """Where assembled weights live (``CALLQA_MODEL_DIR``); empty = ``weights.default_model_root()``."""
    batch_size: int = 0
    """faster-whisper only: 0 = one call decoded window by window (``WhisperModel.transcribe``); N > 0 = its
    ``BatchedInferencePipeline``, N VAD chunks decoded at once, for wideband recordings with VAD on
    (``CallHints.batch_size``; decisions D95, D96)."""

    def fingerprint(self) -> str:
        """Stable short hash of every output-relevant option (threads and workers excluded)."""
        data = {k: v for k, v in asdict(self).items() if k not in _NOT_OUTPUT}
        if not self.batch_size:  # per-call decoding keeps the fingerprint (and cache keys) it always had
            data.pop("batch_size")
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CallHints:
    """Facts about one recording that tune decoding without changing the model."""

    hotwords: tuple[str, ...] = ()
    """Terms the decoder should expect (``transcripts.hotwords``)."""
    narrowband: bool = False
    """Recorded at ≤ 8 kHz (telephone band): the VAD uses ``vad_threshold_narrowband``."""

    def vad_threshold(self, config: AsrConfig) -> float:
        return config.vad_threshold_narrowband if self.narrowband else config.vad_threshold

    def batch_size(self, config: AsrConfig) -> int | None:
        """VAD chunks faster-whisper decodes at once for this recording; None = per-call decoding. Telephone-band
        recordings stay per call: batched CER was 0.016 worse at 8 kHz, the same at 16 kHz (decisions D96)."""
        usable = config.engine == "faster-whisper" and config.vad and not self.narrowband
        return config.batch_size if usable and config.batch_size > 0 else None


NO_HINTS = CallHints()


@dataclass(frozen=True)
class RawSegment:
    """One decoded utterance of one channel; times in seconds from the start of the audio."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...]
    flags: tuple[str, ...] = ()
    """ASR quality flags, e.g. ``repetition_loop`` (see ``guards.py``)."""


class AsrEngine(Protocol):
    config: AsrConfig

    def describe(self) -> AsrInfo: ...

    def transcribe(self, audio: np.ndarray, hints: CallHints = NO_HINTS) -> list[RawSegment]: ...


def package_versions(*names: str) -> str:
    """``name version`` of installed distributions, for ``AsrInfo.engine_version``."""
    from importlib.metadata import PackageNotFoundError, version

    def one(name: str) -> str:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            return f"{name} ?"

    return ", ".join(one(n) for n in names)
