"""Real-time factors measured on real nights: each stored transcript's ``asr.processing_s`` over its
``asr.audio_duration_s`` (``transcripts.transcribe`` records both; ``store_redacted_transcript`` keeps the
``asr`` block on the interaction row). Read by the capacity planner (``callqa plan``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Interaction


@dataclass(frozen=True)
class AsrMeasurement:
    """One transcribed recording: how long its audio was, how long one decoding worker took, when registered."""

    audio_s: float
    processing_s: float
    device: str
    engine: str
    compute_type: str
    measured_at: datetime

    @property
    def rtf(self) -> float:
        return self.processing_s / self.audio_s


RECENT = 10_000
"""Interactions looked at, newest first: enough for stable percentiles, bounded on a years-old database."""


def asr_measurements(session: Session, recent: int = RECENT) -> list[AsrMeasurement]:
    """The ``recent`` newest interactions' usable ASR timings (chats and pre-v2 rows have none), oldest first."""
    rows = session.execute(select(Interaction.asr, Interaction.created_at)
                           .order_by(Interaction.created_at.desc(), Interaction.id.desc()).limit(recent)).all()
    out = []
    for asr, at in reversed(rows):
        if not isinstance(asr, dict):  # SQL NULL or JSON null: no ASR ran
            continue
        audio_s, proc_s = float(asr.get("audio_duration_s") or 0), float(asr.get("processing_s") or 0)
        if audio_s > 0 and proc_s > 0:
            out.append(AsrMeasurement(audio_s=audio_s, processing_s=proc_s, device=str(asr.get("device", "cpu")),
                                      engine=str(asr.get("engine", "")), compute_type=str(asr.get("compute_type", "")),
                                      measured_at=at))
    return out
