"""Mono separation on real audio: stereo calls summed to one channel, so each channel is the truth.

The committed sample calls use one TTS voice (the customer is the same voice pitched 10 % down,
samples/generate.py), which the speaker encoder cannot tell apart: their mono mixes must take the
text fallback. Real two-speaker calls come from ../shared/data/telephony (third-party, read in
place, never copied); those tests skip when it is absent.
"""

from __future__ import annotations

import json
import wave
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from transcripts.asr.engine import RawSegment
from transcripts.audio import SAMPLE_RATE, decode
from transcripts.diarize import separate
from transcripts.diarize.weights import load_encoder_weights
from transcripts.models import Word

DATA = Path(__file__).resolve().parents[1] / "data"
REPO = Path(__file__).resolve().parents[2]
TELEPHONY = REPO.parent / "shared" / "data" / "telephony"

pytestmark = pytest.mark.skipif(load_encoder_weights() is None, reason="resemblyzer wheel not installed (make model)")


def mono_mix(path: Path) -> np.ndarray:
    channels = decode(path).channels
    return (channels[0] + channels[1]).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return path


@pytest.mark.model
def test_short_call_mixed_to_mono_gets_each_turns_role(tmp_path: Path) -> None:
    from callqa.config import Settings
    from transcripts.asr.engine import get_engine
    from transcripts.transcribe import transcribe_recording

    path = write_wav(tmp_path / "mono.wav", mono_mix(DATA / "short_call.ogg"))
    transcript = transcribe_recording(path, "mono", None, get_engine(Settings.load().asr))
    assert transcript.asr is not None and transcript.asr.channels == 1
    turns = json.loads((DATA / "short_call.manifest.json").read_text())["turns"]
    for seg in transcript.segments:
        overlap = [max(0.0, min(seg.end, t["speech_end"]) - max(seg.start, t["speech_start"])) for t in turns]
        assert seg.speaker == turns[int(np.argmax(overlap))]["speaker"], seg.text
        assert seg.role_confidence is not None and 0.5 < seg.role_confidence <= 1.0
    assert any("为您服务" in s.text for s in transcript.segments if s.speaker == "agent")


@pytest.mark.parametrize("call", ["C20261121-000001", "C20261121-000006"])
def test_sample_calls_are_one_voice_to_the_encoder(call: str) -> None:
    audio = REPO / "samples" / "inbox" / f"{call}.ogg"
    manifest = json.loads((REPO / "samples" / "manifest.json").read_text())[call]
    raws = [RawSegment(start=t["speech_start"], end=t["speech_end"], text=t["text"], words=())
            for t in manifest["turns"]]
    separated = separate(mono_mix(audio), raws)
    assert separated is not None and not separated.two_voices  # → text fallback (D22)


def woz_segments(name: str) -> list[RawSegment]:
    """SpokenWOZ's word timings grouped at pauses ≥ 0.8 s regardless of speaker, so many segments hold
    both parties — what Whisper does to a fast exchange — and must be split."""
    words = sorted(json.loads((TELEPHONY / "spokenwoz_sample" / f"{name}.json").read_text()), key=lambda w: w["start"])
    groups: list[list[dict]] = [[words[0]]]
    for prev, word in pairwise(words):
        if word["start"] - prev["end"] >= 0.8:
            groups.append([])
        groups[-1].append(word)
    return [RawSegment(start=g[0]["start"], end=g[-1]["end"], text=" ".join(w["word"] for w in g),
                       words=tuple(Word(text=w["word"] + " ", start=w["start"], end=w["end"]) for w in g))
            for g in groups]


def dominant_channel(channels: tuple[np.ndarray, ...], word: Word) -> int | None:
    """The channel ≥ 20 dB louder than the other over the word, else None (overlap, mis-timed word)."""
    a, b = int(word.start * SAMPLE_RATE), int(word.end * SAMPLE_RATE)
    db = [10 * np.log10(np.mean(np.square(ch[a:b], dtype=np.float64)) + 1e-12) for ch in channels]
    return 0 if db[0] > db[1] + 20 else 1 if db[1] > db[0] + 20 else None


@pytest.mark.parametrize("name", ["MUL1423", "SNG0072"])
def test_real_call_words_get_their_speaker(name: str) -> None:
    audio = TELEPHONY / "spokenwoz_sample" / f"{name}.wav"
    if not audio.exists():
        pytest.skip("shared telephony data absent")
    raws = woz_segments(name)
    channels = decode(audio).channels
    separated = separate(channels[0] + channels[1], raws)
    assert separated is not None and separated.two_voices
    pairs = [(u.voice, dominant_channel(channels, w)) for u in separated.utterances for w in u.raw.words]
    scored = [(v, c) for v, c in pairs if c is not None]
    agree = float(np.mean([v == c for v, c in scored]))
    assert len(scored) > 0.7 * len(pairs) and max(agree, 1 - agree) >= 0.97
    assert len(separated.utterances) > len(raws)  # mixed segments were split at word boundaries


@pytest.mark.parametrize("side", ["agent", "caller"])
def test_one_real_speaker_is_not_split_in_two(side: str) -> None:
    audio = TELEPHONY / "aws_lca" / f"Auto_Repairs_40_UTC_{side}.wav"
    if not audio.exists():
        pytest.skip("shared telephony data absent")
    samples = decode(audio).channels[0]
    frames = samples[: len(samples) // 160 * 160].reshape(-1, 160)
    level = 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)
    speech = np.flatnonzero(level > np.percentile(level, 10) + 15)
    starts = np.r_[speech[0], speech[1:][np.diff(speech) > 30]]
    ends = np.r_[speech[:-1][np.diff(speech) > 30], speech[-1]]
    raws = [RawSegment(start=a / 100, end=(b + 1) / 100, text="", words=()) for a, b in zip(starts, ends, strict=True)
            if b - a > 30]
    separated = separate(samples, raws)
    assert separated is not None and not separated.two_voices
