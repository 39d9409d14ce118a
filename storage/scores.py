"""Persist call scores and hits: one score per interaction and rubric version (re-runs add nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import HitRow, Interaction, Score
from storage.states import InteractionState

if TYPE_CHECKING:
    from scoring import CallScore


def store_score(session: Session, interaction: Interaction, result: CallScore, run_id: int | None) -> Score:
    existing = session.scalar(select(Score).where(Score.interaction_id == interaction.id,
                                                  Score.rubric_hash == result.rubric_hash))
    if existing is not None:
        return existing
    row = score_row(interaction, result, run_id)
    session.add(row)
    interaction.state = InteractionState.SCORED
    session.flush()
    return row


def score_row(interaction: Interaction, result: CallScore, run_id: int | None) -> Score:
    """The new (unsaved) score row with its hits; the caller adds it and flushes (one flush for a batch)."""
    row = Score(
        interaction_id=interaction.id, run_id=run_id, rubric_id=result.rubric_id,
        rubric_version=result.rubric_version, rubric_hash=result.rubric_hash, score=result.score,
        fatal=result.fatal, flagged=result.flagged, calibration=result.calibration, severity=result.severity,
        flag_reasons=list(result.flag_reasons), dimensions=[d.model_dump(mode="json") for d in result.dimensions],
        unscorable=result.unscorable,
        not_applicable=list(result.not_applicable),
    )
    row.hits = [
        HitRow(indicator=h.indicator, title=h.title, severity=h.severity, fatal=h.fatal, dimension=h.dimension,
               deduction=h.deduction, segments=list(h.segments), evidence=h.evidence, reason=h.reason,
               matches=[m.model_dump() for m in h.matches], by_sound=h.by_sound)
        for h in result.hits
    ]
    return row


def latest_score(session: Session, interaction_id: int) -> Score | None:
    return session.scalar(select(Score).where(Score.interaction_id == interaction_id)
                          .order_by(Score.id.desc()).limit(1))


def latest_scores(session: Session, interaction_ids: Sequence[int]) -> dict[int, Score]:
    """The newest score of each interaction, hits loaded, in two queries (re-scoring reads them by the batch)."""
    newest = (select(func.max(Score.id)).where(Score.interaction_id.in_(list(interaction_ids)))
              .group_by(Score.interaction_id))
    rows = session.scalars(select(Score).where(Score.id.in_(newest)).options(selectinload(Score.hits)))
    return {row.interaction_id: row for row in rows}


def scores_with_hashes(session: Session, interaction_ids: Sequence[int], hashes: Sequence[str],
                       ) -> dict[tuple[int, str], Score]:
    """Existing scores of these interactions under these rubric hashes (a score is stored once per hash)."""
    rows = session.scalars(select(Score).where(Score.interaction_id.in_(list(interaction_ids)),
                                               Score.rubric_hash.in_(list(hashes))))
    return {(row.interaction_id, row.rubric_hash): row for row in rows}
