"""Decoding: any rate/format to 16 kHz per channel; every kind of bad file gets a clear reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from common.errors import InputError
from tests.transcripts.audio_fixtures import truncate, write_wav
from transcripts.audio import SAMPLE_RATE, decode, loudness_db


def test_stereo_8k_wav_is_split_and_resampled(tmp_path: Path) -> None:
    audio = decode(write_wav(tmp_path / "c.wav", seconds=2.0, channels=2, rate=8000))
    assert len(audio.channels) == 2
    assert audio.source_rate == 8000
    assert abs(audio.duration_s - 2.0) < 0.05
    assert all(ch.dtype == np.float32 for ch in audio.channels)
    # channel 1 was written twice as loud as channel 0
    assert np.abs(audio.channels[1]).max() > 1.5 * np.abs(audio.channels[0]).max()


def test_mono_44k(tmp_path: Path) -> None:
    audio = decode(write_wav(tmp_path / "m.wav", seconds=1.0, channels=1, rate=44100))
    assert len(audio.channels) == 1
    assert abs(len(audio.channels[0]) - SAMPLE_RATE) < 400


@pytest.mark.parametrize("sample", ["short_call.ogg"])
def test_bundled_compressed_sample_decodes(sample: str) -> None:
    path = Path(__file__).parents[1] / "data" / sample
    if not path.exists():
        pytest.skip("sample not generated yet")
    audio = decode(path)
    assert len(audio.channels) == 2 and audio.duration_s > 5


def _bad(tmp_path: Path, kind: str) -> Path:
    if kind == "empty":
        p = tmp_path / "e.wav"
        p.write_bytes(b"")
    elif kind == "not_audio":
        p = tmp_path / "n.mp3"
        p.write_text("这不是音频文件，只是一段文字。" * 50, encoding="utf-8")
    elif kind == "truncated":
        p = truncate(write_wav(tmp_path / "t.wav", seconds=3.0))
    elif kind == "tiny":
        p = write_wav(tmp_path / "s.wav", seconds=0.05)
    else:
        p = write_wav(tmp_path / "x.wav", channels=4)
    return p


@pytest.mark.parametrize(("kind", "code", "message"), [
    ("empty", "empty_file", "file is empty (0 bytes) (re-deliver the recording)"),
    ("not_audio", "not_audio", "not a decodable audio file (InvalidDataError) "
                               "(check the file is wav/flac/mp3/ogg/m4a audio)"),
    ("truncated", "truncated", "truncated: header declares 3.0 s but only 1.2 s decode "
                               "(re-deliver the complete recording)"),
    ("tiny", "truncated", "decodes to 0.05 s of audio; nothing to transcribe (re-deliver the complete recording)"),
    ("channels", "bad_channels", "has 4 channels; expected mono or stereo "
                                 "(mix down to stereo (agent/customer) or mono)"),
])
def test_bad_files_have_clear_reasons(tmp_path: Path, kind: str, code: str, message: str) -> None:
    path = _bad(tmp_path, kind)
    with pytest.raises(InputError) as info:
        decode(path)
    assert info.value.reason_code == code
    assert info.value.message == f"{path}: {message}"


def test_loudness() -> None:
    x = np.full(SAMPLE_RATE, 0.1, dtype=np.float32)
    assert loudness_db(x, 0, 1) == -20.0
    assert loudness_db(x, 2, 3) is None
