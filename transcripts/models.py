"""The transcript interchange model (formats.md §2), shared by every stage.

Times are seconds from call start (chat: from the first message). Segment order is the
evidence index space: scoring refers to segments by their position in ``segments``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

Speaker = Literal["agent", "customer", "system"]
InteractionChannel = Literal["phone", "chat", "email"]
SPEAKERS: tuple[str, ...] = ("agent", "customer", "system")


def _no_control(value: str) -> str:
    """Identifiers go into bounded database columns and file names: no NUL, no control characters."""
    bad = sorted({f"U+{ord(c):04X}" for c in value if ord(c) < 32 or 127 <= ord(c) < 160})
    if bad:
        raise ValueError(f"contains control characters {', '.join(bad)}; allowed: printable text")
    return value


def _no_nul(value: str) -> str:
    """Free text may hold line breaks, but never NUL (PostgreSQL text refuses it)."""
    if "\x00" in value:
        raise ValueError("contains the NUL character U+0000; remove it")
    return value


_ID_CHARS = AfterValidator(_no_control)
CallId = Annotated[str, StringConstraints(min_length=1, max_length=128), _ID_CHARS]
"""``interactions.call_id`` (``String(128)``): 1–128 printable characters."""
ShortId = Annotated[str, StringConstraints(min_length=1, max_length=64), _ID_CHARS]
"""``interactions.agent_id`` / ``queue`` (``String(64)``): 1–64 printable characters."""
Text = Annotated[str, AfterValidator(_no_nul)]


class Word(BaseModel):
    """One ASR token with its time span (seconds). Needed for audio redaction."""

    model_config = ConfigDict(frozen=True)

    text: Text
    start: float
    end: float
    probability: float | None = None


class Segment(BaseModel):
    """One utterance of one party."""

    model_config = ConfigDict(frozen=True, extra="allow")

    speaker: Speaker
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    text: Text
    words: tuple[Word, ...] = ()
    loudness_db: float | None = None
    """Mean RMS level of the segment's audio in dBFS (audio only)."""
    channel: int | None = None
    role_confidence: float | None = None
    """0–1; how sure the role assignment is (1.0 for split-stereo channels)."""
    flags: tuple[str, ...] = ()
    """ASR quality flags, e.g. ``repetition_loop`` when a decoder loop was cut (formats.md extension)."""

    @model_validator(mode="after")
    def _end_after_start(self) -> Segment:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class AsrInfo(BaseModel):
    """What produced a transcript, recorded with it so results stay explainable."""

    model_config = ConfigDict(frozen=True)

    engine: str
    engine_version: str | None = None
    """Installed package versions of the engine, e.g. ``faster-whisper 1.2.1, ctranslate2 4.6.0``."""
    model: str
    model_sha256: str | None = None
    device: str = "cpu"
    compute_type: str = "int8"
    language: str = "zh"
    beam_size: int = 5
    vad: bool = True
    vad_threshold: float | None = None
    """Speech-probability threshold the VAD used for this recording (lower for telephone-band audio)."""
    batch_size: int | None = None
    """VAD chunks decoded at once by faster-whisper's batched pipeline; None = per-call decoding."""
    audio_duration_s: float = 0.0
    processing_s: float = 0.0
    channels: int = 1
    hotwords: tuple[str, ...] = ()
    """Hot words given to the decoder for this call's queue (``rubrics/hotwords.yaml``)."""
    roles: str | None = None
    """How speakers got their roles: ``channels`` (stereo), ``two voices (…)`` or ``text rules (…)`` (mono)."""


class Transcript(BaseModel):
    """A whole interaction: call, chat or e-mail thread."""

    model_config = ConfigDict(frozen=True, extra="allow")

    call_id: CallId
    channel: InteractionChannel = "phone"
    started_at: datetime | None = None
    duration_s: float | None = Field(default=None, ge=0)
    agent_id: ShortId | None = None
    customer_id: Text | None = None
    queue: ShortId | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    segments: tuple[Segment, ...]
    asr: AsrInfo | None = None
    voice_silences: tuple[tuple[float, float], ...] | None = None
    """Recordings only: every stretch of at least ``transcripts.energy.SILENCE_MIN_S`` seconds in which no
    channel has voice by its energy, as (start, end) seconds, whatever the recogniser wrote; None when not
    measured (chats, delivered transcripts). Lets silence rules tell a real pause from a dropped or invented
    utterance (formats.md extension)."""

    @model_validator(mode="after")
    def _segments_in_time_order(self) -> Transcript:
        for i in range(1, len(self.segments)):
            if self.segments[i].start < self.segments[i - 1].start:
                raise ValueError(
                    f"segments[{i}] starts at {self.segments[i].start} s, before segments[{i - 1}] "
                    f"({self.segments[i - 1].start} s); segments must be in time order"
                )
        return self

    @property
    def end_s(self) -> float:
        """Duration if known, else the end of the last segment (seconds)."""
        if self.duration_s is not None:
            return self.duration_s
        return max((s.end for s in self.segments), default=0.0)


PiiType = Literal[
    "PERSON_NAME", "PHONE", "ID_CARD", "BANK_CARD", "EMAIL", "ADDRESS", "LICENSE_PLATE",
    "PASSPORT", "VERIFICATION_CODE", "SOCIAL_ACCOUNT", "BIRTH_DATE", "OTHER_NUMBER",
]
PII_TYPES: tuple[str, ...] = PiiType.__args__  # type: ignore[attr-defined]


class Detection(BaseModel):
    """One personal-data detection in one segment. Never holds the value itself.

    ``start``/``end`` are character offsets into the ORIGINAL (unredacted) segment text;
    a span that crosses into the next segment is recorded once per segment it touches,
    with the same ``group`` number. A detection in another text field has ``field`` set
    (``metadata.note``; a segment's extra field: ``note`` with that segment's index; a field of the
    whole interaction: ``segment`` −1) and offsets into that field's original string.
    """

    model_config = ConfigDict(frozen=True)

    segment: int = Field(ge=-1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: PiiType
    detector: str
    detector_version: str
    confidence: float = Field(ge=0, le=1)
    validators: tuple[str, ...] = ()
    """Names of validators that passed (e.g. ``gb11643_checksum``, ``luhn``)."""
    value_hash: str | None = None
    """HMAC-SHA256 (hex) of the normalised value; links values across calls."""
    key_id: str | None = None
    audio_start: float | None = None
    audio_end: float | None = None
    speaker: Speaker | None = None
    group: int = 0
    field: str | None = None
    """Set when the value was in a field other than the segment text (formats.md extension)."""
