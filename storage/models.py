"""Typed ORM models. Only redacted text and keyed hashes are ever stored here.

Times are timezone-aware UTC set by the database (``server_default=func.now()``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy import false as sql_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.states import InteractionState
from storage.types import UtcDateTime

_STATE_TYPE = Enum(InteractionState, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e],
                   validate_strings=True)
"""VARCHAR(16) holding the enum's values, as the first schema created it (no CHECK constraint)."""


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(32), default="running")
    """running, completed, completed_with_errors, interrupted (its heartbeat went stale), failed."""
    inbox: Mapped[str] = mapped_column(Text)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    """Renewed while the run works; a run whose heartbeat is stale is marked ``interrupted`` by the next one."""
    worker: Mapped[str | None] = mapped_column(String(96))
    """``host:pid`` of the process running it."""
    code_version: Mapped[str] = mapped_column(String(32))
    versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Component versions: asr model + fingerprint, redactor, rubric hash."""
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Interaction(Base):
    """One call, chat or e-mail thread, registered once, keyed by the SHA-256 of its content."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(128), unique=True)
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # audio | transcript
    channel: Mapped[str] = mapped_column(String(16), default="phone")
    source_name: Mapped[str] = mapped_column(Text)
    inbox: Mapped[str | None] = mapped_column(Text)
    """The inbox folder (resolved) the item was registered from; a run works only on its own inbox's items.
    ``None`` for items registered before work sharing (any run may finish them)."""
    lease_owner: Mapped[str | None] = mapped_column(String(96))
    """The run (``run:<id>``) holding the item while it works on it; see ``storage.claims``."""
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    state: Mapped[InteractionState] = mapped_column(_STATE_TYPE, default=InteractionState.REGISTERED, index=True)
    failed_stage: Mapped[str | None] = mapped_column(String(16))
    reason_code: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    agent_id: Mapped[str | None] = mapped_column(String(64), index=True)
    customer_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    """HMAC of customer_id (the id itself is personal data and never stored)."""
    key_id: Mapped[str | None] = mapped_column(String(16))
    queue: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    duration_s: Mapped[float | None] = mapped_column(Float)
    metadata_json: Mapped[dict[str, Any]] = mapped_column(default=dict)
    asr: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    voice_silences: Mapped[list[Any] | None] = mapped_column(JSON)
    """``Transcript.voice_silences``: [[start, end], ...] seconds without voice on any channel (recordings only)."""
    redacted_audio: Mapped[str | None] = mapped_column(Text)
    residual_digit_runs: Mapped[int | None] = mapped_column(Integer)
    """Leak sentinel (``transcripts.redaction.sentinel``): digit runs of 7+ digits left in the stored redacted
    text (order numbers, hotlines and amounts a named rule kept, or a miss); ``None`` = stored before the
    sentinel. A count only, never a value or a position."""
    residual_email_shapes: Mapped[int | None] = mapped_column(Integer)
    """E-mail shapes left in the stored redacted text (same sentinel)."""
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now(),
                                                 onupdate=func.now())

    segments: Mapped[list[SegmentRow]] = relationship(back_populates="interaction", order_by="SegmentRow.idx",
                                                      cascade="all, delete-orphan")


class SegmentRow(Base):
    """One redacted utterance; ``idx`` is the evidence index used by hits."""

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("interaction_id", "idx"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(16))
    start_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    words: Mapped[list[Any]] = mapped_column(default=list)
    loudness_db: Mapped[float | None] = mapped_column(Float)
    channel: Mapped[int | None] = mapped_column(Integer)
    role_confidence: Mapped[float | None] = mapped_column(Float)
    flags: Mapped[list[Any]] = mapped_column(default=list)
    """ASR quality flags of the utterance (``repetition_loop`` …), so reviewers can tell a decoder artefact."""

    interaction: Mapped[Interaction] = relationship(back_populates="segments")


class RedactionEvent(Base):
    """Append-only, hash-chained audit record of one detection. Never holds the value."""

    __tablename__ = "redaction_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    segment_idx: Mapped[int] = mapped_column(Integer)
    """Sentence index; −1 for a field of the whole interaction (``field`` says which)."""
    field: Mapped[str | None] = mapped_column(String(128))
    """``None`` for the sentence text, else the field path the value was in (``metadata.note``)."""
    span_group: Mapped[int] = mapped_column(Integer, default=0)
    pii_type: Mapped[str] = mapped_column(String(32))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    audio_start: Mapped[float | None] = mapped_column(Float)
    audio_end: Mapped[float | None] = mapped_column(Float)
    speaker: Mapped[str | None] = mapped_column(String(16))
    detector: Mapped[str] = mapped_column(String(64))
    detector_version: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    validators: Mapped[list[Any]] = mapped_column(default=list)
    action: Mapped[str] = mapped_column(String(32), default="replaced")
    value_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    key_id: Mapped[str | None] = mapped_column(String(16))
    recorded_at: Mapped[str] = mapped_column(String(40))
    """ISO timestamp written by the application (part of the chained content)."""
    prev_hash: Mapped[str] = mapped_column(String(64))
    record_hash: Mapped[str] = mapped_column(String(64), unique=True)
    chain_version: Mapped[int | None] = mapped_column(Integer)
    """``None``/1: unkeyed SHA-256 (records before migration 0008); 2: HMAC with the chain key, call id covered."""
    chain_key_id: Mapped[str | None] = mapped_column(String(16))
    """Fingerprint of the key that signed a version-2 record (never the key)."""


class AuditHead(Base):
    """Single row holding the chain's last sequence number and hash; updated under a lock."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class Score(Base):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("interaction_id", "rubric_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    rubric_id: Mapped[str] = mapped_column(String(64))
    rubric_version: Mapped[str] = mapped_column(String(32))
    rubric_hash: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    fatal: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    calibration: Mapped[bool] = mapped_column(Boolean, default=False)
    severity: Mapped[str | None] = mapped_column(String(8))
    flag_reasons: Mapped[list[Any]] = mapped_column(default=list)
    dimensions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    unscorable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_false())
    """No words to score (scoring/scorable.py): ``score`` is 0 and means nothing; leave it out of averages."""
    not_applicable: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    """Indicator ids that could not be checked on this interaction (timing rules on chat or e-mail)."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())

    hits: Mapped[list[HitRow]] = relationship(back_populates="score_row", cascade="all, delete-orphan",
                                              order_by="HitRow.id")


class HitRow(Base):
    __tablename__ = "hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("scores.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(8))
    fatal: Mapped[bool] = mapped_column(Boolean, default=False)
    dimension: Mapped[str | None] = mapped_column(String(32))
    deduction: Mapped[float] = mapped_column(Float, default=0.0)
    segments: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    matches: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    """[{segment, start, end, text, by_sound}] spans of the matched words in the stored (redacted) sentences."""
    by_sound: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_false())
    """The rule matched (at least partly) by sound, not by characters (按读音匹配, issue 19)."""

    score_row: Mapped[Score] = relationship(back_populates="hits")


class ReviewItem(Base):
    """A flagged (or calibration-sampled) interaction waiting for a QA specialist."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), unique=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("scores.id"))
    severity: Mapped[str] = mapped_column(String(8))
    priority: Mapped[int] = mapped_column(Integer)
    """Lower is more urgent: severity rank, raised for high-sensitivity customers."""
    high_sensitivity: Mapped[bool] = mapped_column(Boolean, default=False)
    calibration: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    assignee: Mapped[str | None] = mapped_column(String(64))
    sample_plan: Mapped[str | None] = mapped_column(String(60))
    """The sampling plan that picked this unflagged call (``storage.sampling``); None for flagged calls."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class RetentionEvent(Base):
    """An original recording or transcript leaving the inbox under the retention policy (PIPL Art. 19, 47)."""

    __tablename__ = "retention_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # archived | deleted
    moved_to: Mapped[str | None] = mapped_column(Text)
    policy: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class QuarantineRecord(Base):
    """A bad input item: what, where, why, and where the file was moved. Nothing is lost."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    file_name: Mapped[str] = mapped_column(Text)
    call_id: Mapped[str | None] = mapped_column(String(128))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    moved_to: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())
