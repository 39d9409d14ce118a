"""Recording → Transcript: decode, one ASR pass per channel, merge in time order.

Stereo recordings carry one party per channel (sidecar ``channels``); each channel is
transcribed alone, so overlaps (interruptions) survive the merge. Segment times are trimmed to
the voice by channel energy (``asr/trim.py``) and the call's voiceless stretches recorded (``energy.py``). Mono
recordings are split into two voices (``diarize/``) whose roles come from what each says, with a recorded confidence
(``roles.py``).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from transcripts.asr.trim import trim_segments
from transcripts.asr.types import NO_HINTS, AsrEngine, CallHints, RawSegment
from transcripts.audio import DecodedAudio, check_complete, decode, loudness_db
from transcripts.diarize import VERSION as DIARIZER_VERSION
from transcripts.diarize import separate
from transcripts.diarize.encoder import Embedder
from transcripts.energy import SILENCE_MIN_S, voice_silences
from transcripts.hotwords import HotwordBook
from transcripts.models import Segment, Speaker, Transcript
from transcripts.roles import roles_by_text, roles_by_voice
from transcripts.sidecar import Sidecar

SEGMENTS_VERSION = "energy-trim-1"
"""How decoded segments become stored sentences (energy trimming, voiceless stretches): part of the nightly
flow's transcription cache key, so a change here re-transcribes instead of serving older sentences."""

NARROWBAND_HZ = 8000
"""Recordings at or below this rate are telephone band (``CallHints.narrowband``)."""


def channel_segments(decoded: DecodedAudio, engine: AsrEngine, roles: dict[int, Speaker],
                     hints: CallHints = NO_HINTS) -> list[Segment]:
    segments: list[Segment] = []
    for channel, samples in enumerate(decoded.channels):
        for raw in trim_segments(engine.transcribe(samples, hints), samples):
            segments.append(Segment(
                speaker=roles.get(channel, "agent" if channel == 0 else "customer"),
                start=raw.start, end=raw.end, text=raw.text, words=raw.words,
                loudness_db=loudness_db(samples, raw.start, raw.end), channel=channel, role_confidence=1.0,
                flags=raw.flags,
            ))
    return sorted(segments, key=lambda s: (s.start, s.channel or 0))


def label_mono(samples: np.ndarray, raws: list[RawSegment], embedder: Embedder | None = None,
               ) -> list[tuple[RawSegment, Speaker, float]]:
    """Mono ASR segments → (utterance, role, P(role right)); utterances are split at voice changes."""
    return label_mono_how(samples, raws, embedder)[0]


def label_mono_how(samples: np.ndarray, raws: list[RawSegment], embedder: Embedder | None = None,
                   ) -> tuple[list[tuple[RawSegment, Speaker, float]], str]:
    """``label_mono`` plus how the roles were found (recorded in ``AsrInfo.roles``)."""
    separated = separate(samples, raws, embedder)
    if separated is None or not separated.two_voices:
        roles = roles_by_text([r.text for r in raws], [(r.start, r.end) for r in raws])
        why = "no speaker encoder" if separated is None else f"one voice, contrast {separated.contrast:g}"
        return [(r, speaker, conf) for r, (speaker, conf) in zip(raws, roles, strict=True)], f"text rules ({why})"
    pieces = separated.utterances
    roles = roles_by_voice([u.raw.text for u in pieces], [u.voice for u in pieces],
                           [u.voice_confidence for u in pieces])
    how = f"two voices ({DIARIZER_VERSION}, {separated.embedder}, contrast {separated.contrast:g})"
    return [(u.raw, speaker, conf) for u, (speaker, conf) in zip(pieces, roles, strict=True)], how


def mono_segments(decoded: DecodedAudio, engine: AsrEngine, hints: CallHints = NO_HINTS,
                  ) -> tuple[list[Segment], str]:
    """Both parties on one channel: separate the two voices, split segments at voice changes, assign
    roles by content. ``role_confidence`` is the probability that the role is right (``roles.py``)."""
    samples = decoded.channels[0]
    labelled, how = label_mono_how(samples, trim_segments(engine.transcribe(samples, hints), samples))
    return [
        Segment(speaker=speaker, start=r.start, end=r.end, text=r.text, words=r.words,
                loudness_db=loudness_db(samples, r.start, r.end), channel=0, role_confidence=conf,
                flags=r.flags)
        for r, speaker, conf in labelled
    ], how


def is_narrowband(source_rate: int) -> bool:
    """Telephone band: recorded at a known rate of at most ``NARROWBAND_HZ``."""
    return 0 < source_rate <= NARROWBAND_HZ


def transcribe_recording(path: Path, call_id: str, sidecar: Sidecar | None, engine: AsrEngine,
                         hotwords: HotwordBook | None = None) -> Transcript:
    """The raw (unredacted) transcript. Callers must redact it before it leaves the process.

    ``hotwords``: the book; the words of the sidecar's queue go to the decoder (none if the book is off)."""
    t0 = time.perf_counter()
    decoded = decode(path)
    side = sidecar or Sidecar()
    if side.duration_s is not None:
        check_complete(decoded, side.duration_s, str(path), "sidecar duration_s says")
    words = hotwords.for_queue(side.queue) if hotwords is not None else ()
    hints = CallHints(hotwords=words, narrowband=is_narrowband(decoded.source_rate))
    if len(decoded.channels) == 2:
        segments, roles_how = channel_segments(decoded, engine, side.channels, hints), "channels"
    else:
        segments, roles_how = mono_segments(decoded, engine, hints)
    info = engine.describe().model_copy(update={
        "audio_duration_s": round(decoded.duration_s, 2),
        "processing_s": round(time.perf_counter() - t0, 2),
        "channels": len(decoded.channels),
        "roles": roles_how,
        "hotwords": words,
        "vad_threshold": hints.vad_threshold(engine.config) if engine.config.vad else None,
        "batch_size": hints.batch_size(engine.config),
    })
    return Transcript(
        call_id=call_id, channel="phone", started_at=side.started_at, duration_s=round(decoded.duration_s, 2),
        agent_id=side.agent_id, customer_id=side.customer_id, queue=side.queue, metadata=side.metadata,
        segments=tuple(segments), asr=info, voice_silences=tuple(voice_silences(decoded.channels, SILENCE_MIN_S)),
    )
