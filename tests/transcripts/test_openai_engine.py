"""The openai-whisper engine on weights converted from the bundled CTranslate2 model agrees with faster-whisper."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from transcripts.asr.ct2_convert import read_ct2, to_openai
from transcripts.asr.weights import ensure_model

DATA = Path(__file__).parents[1] / "data"
pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None,
                       reason="openai-whisper/torch not installed (make openai-whisper)"),
]


def test_conversion_maps_every_tensor() -> None:
    model = read_ct2(ensure_model("base") / "model.bin")
    dims, state = to_openai(model)
    assert dims == {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 512, "n_audio_head": 8, "n_audio_layer": 6,
                    "n_vocab": 51865, "n_text_ctx": 448, "n_text_state": 512, "n_text_head": 8, "n_text_layer": 6}
    assert len(state) == 245
    assert state["decoder.blocks.5.cross_attn.key.weight"].shape == (512, 512)
    assert "encoder.blocks.0.attn.key.bias" not in state  # Whisper's key projections have no bias


@pytest.mark.skipif(not (DATA / "short_call.ogg").exists(), reason="sample call not generated")
def test_both_engines_agree_on_a_real_call() -> None:
    from transcripts.asr.engine import AsrConfig, get_engine
    from transcripts.audio import decode

    audio = decode(DATA / "short_call.ogg")
    fast, ref = get_engine(AsrConfig()), get_engine(AsrConfig(engine="openai-whisper"))
    assert ref.describe().engine == "openai-whisper" and ref.describe().compute_type == "float32"
    for channel in audio.channels:
        a, b = fast.transcribe(channel), ref.transcribe(channel)
        text_a, text_b = "".join(s.text for s in a), "".join(s.text for s in b)
        assert text_a and Levenshtein.normalized_distance(text_a, text_b) <= 0.15, (text_a, text_b)
        assert [round(s.start) for s in a] == [round(s.start) for s in b]  # same utterances, same times (±0.5 s)
