"""Interaction registry and life-cycle transitions. Every function runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Interaction, SegmentRow
from storage.states import TERMINAL_STATES, InteractionState
from transcripts.models import Segment, Transcript, Word
from transcripts.redaction.sentinel import transcript_residue

RegisterStatus = Literal["new", "existing", "replaced", "duplicate_content", "call_id_conflict"]


@dataclass(frozen=True)
class RegisterOutcome:
    status: RegisterStatus
    interaction: Interaction | None
    other_call_id: str | None = None


def register(session: Session, *, call_id: str, content_sha256: str, kind: str, source_name: str,
             run_id: int | None, inbox: str | None = None) -> RegisterOutcome:
    """Register an inbox item once. Same content again is a no-op; a failed call may be re-delivered.

    Race-free between runs: when another run registers the same content (or call id) between this run's
    look-up and its insert, the unique constraint refuses the insert inside a savepoint and the item is
    looked up again, so both runs see one registration."""
    try:
        with session.begin_nested():
            return _register(session, call_id=call_id, content_sha256=content_sha256, kind=kind,
                             source_name=source_name, run_id=run_id, inbox=inbox)
    except IntegrityError:
        return _register(session, call_id=call_id, content_sha256=content_sha256, kind=kind,
                         source_name=source_name, run_id=run_id, inbox=inbox)


def _register(session: Session, *, call_id: str, content_sha256: str, kind: str, source_name: str,
              run_id: int | None, inbox: str | None) -> RegisterOutcome:
    by_hash = session.scalar(select(Interaction).where(Interaction.content_sha256 == content_sha256))
    if by_hash is not None:
        if by_hash.call_id == call_id:
            return RegisterOutcome("existing", by_hash)
        return RegisterOutcome("duplicate_content", None, other_call_id=by_hash.call_id)
    by_id = session.scalar(select(Interaction).where(Interaction.call_id == call_id))
    if by_id is not None and by_id.content_sha256 == content_sha256:
        return RegisterOutcome("existing", by_id)  # another run registered it between the two look-ups
    if by_id is not None:
        if by_id.state != InteractionState.FAILED:
            return RegisterOutcome("call_id_conflict", None, other_call_id=by_id.call_id)
        session.execute(delete(SegmentRow).where(SegmentRow.interaction_id == by_id.id))
        by_id.content_sha256 = content_sha256
        by_id.kind = kind
        by_id.source_name = source_name
        by_id.state = InteractionState.REGISTERED
        by_id.failed_stage = by_id.reason_code = by_id.reason = None
        by_id.last_run_id = run_id
        by_id.inbox = inbox
        return RegisterOutcome("replaced", by_id)
    row = Interaction(call_id=call_id, content_sha256=content_sha256, kind=kind, source_name=source_name,
                      channel="phone" if kind == "audio" else "chat", first_run_id=run_id, last_run_id=run_id,
                      inbox=inbox)
    session.add(row)
    session.flush()
    return RegisterOutcome("new", row)


def pending(session: Session, ids: list[int] | None = None) -> list[Interaction]:
    """Interactions whose processing has not finished (resumed after a crash or kill), by call id;
    ``ids`` limits them to the items a run has claimed (``storage.claims``)."""
    stmt = select(Interaction).where(Interaction.state.not_in(TERMINAL_STATES)).order_by(Interaction.call_id)
    if ids is not None:
        stmt = stmt.where(Interaction.id.in_(ids))
    return list(session.scalars(stmt))


def mark_failed(session: Session, interaction: Interaction, *, stage: str, reason_code: str, reason: str) -> None:
    interaction.state = InteractionState.FAILED
    interaction.failed_stage = stage
    interaction.reason_code = reason_code
    interaction.reason = reason


def store_redacted_transcript(session: Session, interaction: Interaction, transcript: Transcript,
                              customer_hash: str | None, key_id: str | None) -> None:
    """Replace the stored segments with the REDACTED transcript's (whose customer_id is already removed), and
    record what the leak sentinel still finds in them (``transcript_residue``)."""
    session.execute(delete(SegmentRow).where(SegmentRow.interaction_id == interaction.id))
    for idx, seg in enumerate(transcript.segments):
        session.add(SegmentRow(
            interaction_id=interaction.id, idx=idx, speaker=seg.speaker, start_s=seg.start, end_s=seg.end,
            text=seg.text, words=[w.model_dump(mode="json") for w in seg.words], loudness_db=seg.loudness_db,
            channel=seg.channel, role_confidence=seg.role_confidence, flags=list(seg.flags),
        ))
    interaction.channel = transcript.channel
    interaction.agent_id = transcript.agent_id
    interaction.customer_hash = customer_hash
    interaction.key_id = key_id
    interaction.queue = transcript.queue
    interaction.started_at = transcript.started_at
    interaction.duration_s = transcript.duration_s
    interaction.metadata_json = dict(transcript.metadata)
    interaction.asr = transcript.asr.model_dump(mode="json") if transcript.asr else None
    residue = transcript_residue(transcript)
    interaction.residual_digit_runs, interaction.residual_email_shapes = residue.digit_runs, residue.email_shapes
    interaction.voice_silences = ([list(span) for span in transcript.voice_silences]
                                  if transcript.voice_silences is not None else None)
    interaction.state = InteractionState.REDACTED


def load_redacted_transcript(session: Session, interaction: Interaction) -> Transcript:
    rows = session.scalars(select(SegmentRow).where(SegmentRow.interaction_id == interaction.id)
                           .order_by(SegmentRow.idx))
    return transcript_from_rows(interaction, rows)


def load_redacted_transcripts(session: Session, interactions: Sequence[Interaction]) -> dict[int, Transcript]:
    """The stored transcripts of many interactions in one query (re-scoring reads them by the batch)."""
    by_id: dict[int, list[Any]] = {i.id: [] for i in interactions}
    columns = [getattr(SegmentRow, name) for name in SEGMENT_COLUMNS]  # plain rows: no ORM objects to build
    for row in session.execute(select(SegmentRow.interaction_id, *columns)
                               .where(SegmentRow.interaction_id.in_(list(by_id)))
                               .order_by(SegmentRow.interaction_id, SegmentRow.idx)):
        by_id[row.interaction_id].append(row)
    return {i.id: transcript_from_rows(i, by_id[i.id]) for i in interactions}


SEGMENT_COLUMNS = ("speaker", "start_s", "end_s", "text", "words", "loudness_db", "channel", "role_confidence",
                   "flags")


def transcript_from_rows(interaction: Interaction, rows: Iterable[Any]) -> Transcript:
    """``rows``: segment rows (ORM or plain rows with ``SEGMENT_COLUMNS``), in order."""
    segments = tuple(
        Segment(speaker=r.speaker, start=r.start_s, end=r.end_s, text=r.text,
                words=tuple(Word.model_validate(w) for w in r.words), loudness_db=r.loudness_db,
                channel=r.channel, role_confidence=r.role_confidence, flags=tuple(r.flags or ()))
        for r in rows
    )
    return Transcript(
        call_id=interaction.call_id, channel=interaction.channel,
        started_at=interaction.started_at, duration_s=interaction.duration_s, agent_id=interaction.agent_id,
        queue=interaction.queue, metadata=interaction.metadata_json, segments=segments,
        voice_silences=(tuple((float(a), float(b)) for a, b in interaction.voice_silences)
                        if interaction.voice_silences is not None else None),
    )
    return Transcript(
        call_id=interaction.call_id, channel=interaction.channel,
        started_at=interaction.started_at, duration_s=interaction.duration_s, agent_id=interaction.agent_id,
        queue=interaction.queue, metadata=interaction.metadata_json, segments=segments,
    )
