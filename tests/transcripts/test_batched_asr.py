"""faster-whisper's batched pipeline (``AsrConfig(batch_size=N)``) gives a transcript of the same shape as
per-call decoding: the words, word timings inside the audio, utterances split at pauses, the guards applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcripts.asr.engine import AsrConfig, get_engine
from transcripts.audio import SAMPLE_RATE, decode

CALL = Path(__file__).parents[2] / "samples" / "inbox" / "C20261121-000001.ogg"
KEYWORDS = ("1023", "很高兴为您服务")


@pytest.fixture(scope="module")
def agent_audio():  # type: ignore[no-untyped-def]
    return decode(CALL).channels[0][: 20 * SAMPLE_RATE]  # the agent's first 20 s


def test_batched_matches_per_call_decoding(agent_audio) -> None:  # type: ignore[no-untyped-def]
    per_call = get_engine(AsrConfig(cpu_threads=1)).transcribe(agent_audio)
    engine = get_engine(AsrConfig(cpu_threads=1, batch_size=8))
    batched = engine.transcribe(agent_audio)
    assert engine.describe().batch_size == 8
    text = "".join(s.text for s in batched)
    assert all(k in text for k in KEYWORDS), text
    assert all(k in "".join(s.text for s in per_call) for k in KEYWORDS)
    assert len(batched) >= 1 and all(s.words for s in batched)  # word timestamps kept
    times = [t for s in batched for w in s.words for t in (w.start, w.end)]
    assert times == sorted(times) and times[0] >= 0 and times[-1] <= 20.0 + 0.5


def test_without_vad_the_batched_option_decodes_per_call(agent_audio) -> None:  # type: ignore[no-untyped-def]
    engine = get_engine(AsrConfig(cpu_threads=1, batch_size=8, vad=False))
    assert engine.describe().batch_size is None  # the batched pipeline needs VAD chunks (D95)
    assert any(k in "".join(s.text for s in engine.transcribe(agent_audio)) for k in KEYWORDS)
