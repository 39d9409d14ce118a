"""Redacted recordings: the personal-data ranges are silent (or a tone) on every channel, the rest is kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from transcripts.audio import SAMPLE_RATE, decode
from transcripts.audio_redact import mask, redact_recording

DATA = Path(__file__).parents[1] / "data"


def rms_db(x: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(x))) + 1e-9))


def test_mask_silences_or_tones_every_channel() -> None:
    t = np.arange(4 * SAMPLE_RATE) / SAMPLE_RATE
    speech = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    silenced = mask([speech, speech * 0.5], [(1.0, 2.0)])
    inside, outside = slice(SAMPLE_RATE, 2 * SAMPLE_RATE), slice(2 * SAMPLE_RATE, 3 * SAMPLE_RATE)
    assert silenced.shape == (2, len(speech))
    assert not silenced[:, inside].any()
    assert np.array_equal(silenced[0, outside], speech[outside])
    toned = mask([speech], [(1.0, 2.0)], mode="tone")
    spectrum = np.abs(np.fft.rfft(toned[0, inside]))
    assert abs(np.argmax(spectrum) * SAMPLE_RATE / (2 * len(spectrum) - 2) - 1000) < 5  # the 1 kHz tone


@pytest.mark.skipif(not (DATA / "short_call.ogg").exists(), reason="sample call not generated")
def test_recording_with_the_phone_number_silenced(tmp_path: Path) -> None:
    manifest_turn = (5.0, 8.6)  # the customer reads the phone number (tests/data/short_call.manifest.json)
    out = redact_recording(DATA / "short_call.ogg", [manifest_turn], tmp_path / "r.ogg")
    before, after = decode(DATA / "short_call.ogg"), decode(out)
    assert len(after.channels) == 2 and abs(after.duration_s - before.duration_s) < 0.1
    inside = slice(int(5.3 * SAMPLE_RATE), int(8.3 * SAMPLE_RATE))
    greeting = slice(int(1.0 * SAMPLE_RATE), int(4.0 * SAMPLE_RATE))
    assert rms_db(before.channels[1][inside]) > -40 and rms_db(after.channels[1][inside]) < -70
    assert abs(rms_db(after.channels[0][greeting]) - rms_db(before.channels[0][greeting])) < 3
    assert not list(tmp_path.glob("*.partial"))
