"""8 kHz telephone audio: the production resampler keeps the speech band, and Whisper still hears the words.

The 8 kHz copies are made here from a bundled 16 kHz sample call with ``transcripts.audio.resample`` (the
resampler ``decode`` uses), stored as G.711 μ-law like a real telephone recording, then decoded by the
pipeline's own ``decode`` back to 16 kHz.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from transcripts.audio import SAMPLE_RATE, decode, resample

SAMPLES = Path(__file__).parents[2] / "samples"
CALL = "C20261121-000001"


def _tone(freqs: tuple[float, ...], seconds: float = 1.0, rate: int = SAMPLE_RATE, amp: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)).astype(np.float32)


def _level_db(x: np.ndarray, rate: int, freq: float) -> float:
    """Amplitude of the ``freq`` component relative to full scale (Hann-windowed FFT peak)."""
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)))) / (np.hanning(len(x)).sum() / 2)
    bins = np.fft.rfftfreq(len(x), 1 / rate)
    near = np.abs(bins - freq) < 20
    return float(20 * np.log10(spectrum[near].max() + 1e-12))


def _write_wav(samples: np.ndarray, rate: int, path: Path, codec: str = "pcm_mulaw") -> Path:
    pcm = np.round(np.clip(samples, -1, 1) * 32767).astype(np.int16)
    with av.open(str(path), "w", format="wav") as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return path


def test_8k_round_trip_keeps_the_speech_band_and_drops_what_8k_cannot_carry(tmp_path: Path) -> None:
    speech_band = _tone((300.0, 1000.0, 3000.0))
    above = _tone((5000.0,))
    x8 = resample(speech_band + above, SAMPLE_RATE, 8000)
    assert abs(len(x8) - 8000) <= 2
    assert abs(_level_db(x8, 8000, 3000.0) - _level_db(speech_band, SAMPLE_RATE, 3000.0)) < 0.5  # 3 kHz survives
    back = decode(_write_wav(x8, 8000, tmp_path / "t8.wav", codec="pcm_s16le")).channels[0]
    assert abs(len(back) - SAMPLE_RATE) <= 4
    for f in (300.0, 1000.0, 3000.0):
        assert abs(_level_db(back, SAMPLE_RATE, f) - _level_db(speech_band, SAMPLE_RATE, f)) < 0.5
    assert _level_db(back, SAMPLE_RATE, 5000.0) < -60  # no image above 4 kHz either
    alias = resample(above, SAMPLE_RATE, 8000)
    assert _level_db(alias, 8000, 3000.0) < -60  # 5 kHz would alias to 3 kHz without the filter
    # the sample-level error of the whole round trip is small (int16 steps only)
    n = min(len(back), len(speech_band))
    err = back[200:n - 200] - speech_band[200:n - 200]
    assert 10 * np.log10(np.mean(speech_band[200:n - 200] ** 2) / np.mean(err ** 2)) > 40


def test_resample_clips_instead_of_wrapping_int16() -> None:
    loud = np.full(1600, 1.5, dtype=np.float32)
    out = resample(loud, SAMPLE_RATE, 8000)
    assert out.max() <= 1.0 and out.min() > 0  # clipped, not wrapped round to negative


def _turns() -> list[dict]:
    manifest = SAMPLES / "manifest.json"
    if not manifest.exists() or not (SAMPLES / "inbox" / f"{CALL}.ogg").exists():
        pytest.skip("sample calls not generated")
    return json.loads(manifest.read_text(encoding="utf-8"))[CALL]["turns"]


@pytest.mark.model
@pytest.mark.parametrize(("turn", "keywords"), [
    (0, ("1023", "很高兴为您服务", "帮您")),  # 工号 comes out as the homophone 公号 at 16 kHz too
    (1, ("昨天晚上", "上不了网")),  # 宽带 → 坤带 at 8 kHz (Whisper base), a model limit, not the audio path
])
def test_8k_mulaw_copy_of_a_sample_call_is_still_understood(
    tmp_path: Path, turn: int, keywords: tuple[str, ...],
) -> None:
    from callqa.config import Settings
    from transcripts.asr.engine import get_engine

    spec = _turns()[turn]
    call = decode(SAMPLES / "inbox" / f"{CALL}.ogg")
    a, b = int(spec["start"] * SAMPLE_RATE), int(spec["end"] * SAMPLE_RATE)
    wide = call.channels[spec["channel"]][max(a - SAMPLE_RATE // 2, 0):b + SAMPLE_RATE // 2]
    narrow = _write_wav(resample(wide, SAMPLE_RATE, 8000), 8000, tmp_path / "turn8k.wav")
    audio = decode(narrow)
    assert audio.source_rate == 8000
    assert abs(audio.duration_s - len(wide) / SAMPLE_RATE) < 0.05
    text = "".join(s.text for s in get_engine(Settings.load().asr).transcribe(audio.channels[0]))
    missing = [k for k in keywords if k not in text]
    assert not missing, f"8 kHz transcript {text!r} lacks {missing}"
