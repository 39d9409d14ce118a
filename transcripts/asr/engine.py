"""The ASR engine interface and its registry.

An engine turns one channel of 16 kHz float32 audio into time-stamped segments with word
timings. ``AsrConfig`` records every option that changes output, so a transcript says how
it was made and the cache key changes when the options do.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from transcripts.asr.types import NO_HINTS, AsrConfig, AsrEngine, CallHints, RawSegment, package_versions


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

__all__ = ["ENGINES", "NO_HINTS", "AsrConfig", "AsrEngine", "CallHints", "RawSegment", "get_engine", "package_versions"]


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
