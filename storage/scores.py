"""Persist call scores and hits: one score per interaction and rubric version (re-runs add nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import HitRow, Interaction, Score
from storage.states import InteractionState

if TYPE_CHECKING:
    from scoring import CallScore


def store_score(session: Session, interaction: Interaction, result: CallScore, run_id: int | None) -> Score:
    existing = session.scalar(select(Score).where(Score.interaction_id == interaction.id,
                                                  Score.rubric_hash == result.rubric_hash))
    if existing is not None:
        return existing
    row = Score(
        interaction_id=interaction.id, run_id=run_id, rubric_id=result.rubric_id,
        rubric_version=result.rubric_version, rubric_hash=result.rubric_hash, score=result.score,
        fatal=result.fatal, flagged=result.flagged, calibration=result.calibration, severity=result.severity,
        flag_reasons=list(result.flag_reasons), dimensions=result.model_dump(mode="json")["dimensions"],
        unscorable=result.unscorable,
        not_applicable=list(result.not_applicable),
    )
    row.hits = [
        HitRow(indicator=h.indicator, title=h.title, severity=h.severity, fatal=h.fatal, dimension=h.dimension,
               deduction=h.deduction, segments=list(h.segments), evidence=h.evidence, reason=h.reason,
               matches=[m.model_dump() for m in h.matches], by_sound=h.by_sound)
        for h in result.hits
    ]
    session.add(row)
    interaction.state = InteractionState.SCORED
    session.flush()
    return row


def latest_score(session: Session, interaction_id: int) -> Score | None:
    return session.scalar(select(Score).where(Score.interaction_id == interaction_id)
                          .order_by(Score.id.desc()).limit(1))
