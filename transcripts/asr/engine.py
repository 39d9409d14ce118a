"""The ASR engine interface and its registry.

An engine turns one channel of 16 kHz float32 audio into time-stamped segments with word
timings. ``AsrConfig`` records every option that changes output, so a transcript says how
it was made and the cache key changes when the options do.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from transcripts.models import AsrInfo, Word

_NOT_OUTPUT = frozenset({"cpu_threads", "workers"})
"""Options that change speed, not text: left out of the fingerprint (and so of the cache key)."""


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

    def fingerprint(self) -> str:
        """Stable short hash of every output-relevant option (threads and workers excluded)."""
        data = {k: v for k, v in asdict(self).items() if k not in _NOT_OUTPUT}
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


def _faster_whisper(config: AsrConfig) -> AsrEngine:
    from transcripts.asr.faster_whisper_engine import FasterWhisperEngine

    return FasterWhisperEngine(config)


def _openai_whisper(config: AsrConfig) -> AsrEngine:
    from transcripts.asr.openai_whisper_engine import OpenAIWhisperEngine

    return OpenAIWhisperEngine(config)


ENGINES = {
    "faster-whisper": _faster_whisper,
    "openai-whisper": _openai_whisper,
}
"""Engine name → factory. Add an engine with one module and one line here."""


def package_versions(*names: str) -> str:
    """``name version`` of installed distributions, for ``AsrInfo.engine_version``."""
    from importlib.metadata import PackageNotFoundError, version

    def one(name: str) -> str:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            return f"{name} ?"

    return ", ".join(one(n) for n in names)


_LOADING = threading.Lock()


def get_engine(config: AsrConfig) -> AsrEngine:
    """One loaded model per process and configuration (loading costs ~0.5 s and ~300 MB).

    Thread-safe: parallel transcription workers of the nightly flow share the one model."""
    with _LOADING:
        return _load_engine(config)


@lru_cache(maxsize=2)
def _load_engine(config: AsrConfig) -> AsrEngine:
    try:
        factory = ENGINES[config.engine]
    except KeyError:
        from common.errors import ConfigError

        raise ConfigError("asr.engine", f"unknown engine {config.engine!r}",
                          f"use one of {', '.join(ENGINES)}") from None
    return factory(config)
