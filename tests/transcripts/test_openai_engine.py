"""openai-whisper on weights converted from the bundled CTranslate2 model: lossless conversion, same text.

The speech clip is read from the shared corpus (``../shared/data/speech_zh``, or ``$CALLQA_SPEECH_ZH``); it is
third-party data with its own licence and is never copied into this repository.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from common.errors import ConfigError
from transcripts.asr.ct2_convert import checkpoint_path, convert, read_ct2, to_openai
from transcripts.asr.engine import AsrConfig, get_engine
from transcripts.asr.weights import ensure_model

SPEECH_ZH = Path(os.environ.get("CALLQA_SPEECH_ZH", Path(__file__).resolve().parents[3] / "shared/data/speech_zh"))
CLIP = SPEECH_ZH / "fireredasr" / "TEST_MEETING_T0000000001_S00000.wav"
"""12.4 s of spontaneous meeting speech (WenetSpeech TEST_MEETING ground truth), several VAD chunks."""
BASE_DIMS = {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 512, "n_audio_head": 8, "n_audio_layer": 6,
             "n_vocab": 51865, "n_text_ctx": 448, "n_text_state": 512, "n_text_head": 8, "n_text_layer": 6}

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None,
                       reason="openai-whisper/torch not installed (run `make openai-whisper`)"),
]
needs_clip = pytest.mark.skipif(not CLIP.exists(), reason=f"shared speech corpus absent ({CLIP})")


def test_conversion_maps_every_tensor() -> None:
    model = read_ct2(ensure_model("base") / "model.bin")
    dims, state = to_openai(model)
    assert dims == BASE_DIMS
    assert len(state) == 245
    assert state["decoder.blocks.5.cross_attn.key.weight"].shape == (512, 512)
    assert "encoder.blocks.0.attn.key.bias" not in state  # Whisper's key projections have no bias


def test_truncated_model_is_refused_with_the_variable_named(tmp_path: Path) -> None:
    with (ensure_model("base") / "model.bin").open("rb") as fh:
        (tmp_path / "model.bin").write_bytes(fh.read(8_000_000))
    with pytest.raises(ConfigError) as err:
        read_ct2(tmp_path / "model.bin")
    assert err.value.message == (f"{tmp_path / 'model.bin'}: file ends inside variable decoder/embeddings/weight "
                                 "(truncated model) (re-assemble the model with `make model`)")


def test_checkpoint_round_trips_through_whisper_load_model(tmp_path: Path) -> None:
    import torch
    import whisper

    model_dir = ensure_model("base")
    out = convert(model_dir, tmp_path / "openai-base.pt")
    loaded = whisper.load_model(str(out), device="cpu")  # load_state_dict is strict: every key, every shape
    assert loaded.dims.__dict__ == BASE_DIMS
    ct2 = read_ct2(model_dir / "model.bin").variables
    fused = ct2["encoder/layer_2/self_attention/linear_0/weight"]
    value = loaded.encoder.blocks[2].attn.value.weight.detach().to(torch.float16).numpy()
    assert np.array_equal(value, fused[1024:])  # q, k, v stacked: the values are copied, not approximated
    assert checkpoint_path(model_dir).name == "openai-base.pt"


def test_conversion_is_idempotent(tmp_path: Path) -> None:
    out = convert(ensure_model("base"), tmp_path / "openai-base.pt")
    first = out.stat().st_mtime_ns
    messages: list[str] = []
    assert convert(ensure_model("base"), out, progress=messages.append) == out
    assert out.stat().st_mtime_ns == first and messages[-1].startswith("up to date")


def test_silence_and_noise_give_no_text() -> None:
    rng = np.random.default_rng(0)
    audio = np.concatenate([np.zeros(16000 * 5), 0.003 * rng.standard_normal(16000 * 5)]).astype(np.float32)
    assert get_engine(AsrConfig(engine="openai-whisper")).transcribe(audio) == []


@needs_clip
def test_both_engines_agree_on_real_speech() -> None:
    from transcripts.audio import decode

    audio = decode(CLIP).channels[0]
    fast, ref = get_engine(AsrConfig()), get_engine(AsrConfig(engine="openai-whisper"))
    info = ref.describe()
    assert (info.engine, info.model, info.device, info.compute_type, info.vad) == (
        "openai-whisper", "whisper-base", "cpu", "float32", True)
    assert info.model_sha256 == fast.describe().model_sha256  # the same weights, converted
    a, b = fast.transcribe(audio), ref.transcribe(audio)
    text_a, text_b = "".join(s.text for s in a), "".join(s.text for s in b)
    cer = Levenshtein.distance(text_a, text_b) / len(text_a)  # openai-whisper against faster-whisper
    assert len(text_a) > 20 and cer <= 0.15, (cer, text_a, text_b)
    # Same VAD chunks, times mapped back: every reference segment starts within a second of a faster-whisper
    # one. (Not equal lists: the two decoders may cut one chunk into a different number of segments.)
    starts = [s.start for s in a]
    assert all(min(abs(s.start - t) for t in starts) <= 1.0 for s in b), ([s.start for s in b], starts)
    assert all(w.start >= s.start - 0.05 and w.end <= s.end + 0.05 for s in b for w in s.words)
