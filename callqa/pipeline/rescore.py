"""Re-score stored redacted transcripts with the published rubric versions (D63).

Per interaction in the date range: score its stored redacted transcript and detections with the published
version of the rubric its latest score used; skip it if that score already has the published hash, or if its
review item is resolved, appealed or locked (reviewed results are never touched). Unless ``dry_run``, the new
score is added (earlier scores stay as history), an open review item moves to it (verdicts carried over by
indicator; closed by the system when the call is no longer flagged), and a newly flagged call is queued.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.pipeline.process import _stored_detections
from common.beijing import BEIJING as LOCAL_TZ
from common.errors import ConfigError
from scoring import CallScore, Rubric, load_rubric, score_transcript
from storage import rubric_versions
from storage.db import session_scope
from storage.interactions import load_redacted_transcript
from storage.models import HitRow, Interaction, ReviewItem, Score
from storage.queue import QueueSettings, enqueue
from storage.review import HitVerdict, ReviewItemState
from storage.review_ops import record
from storage.scores import latest_score, store_score
from storage.states import InteractionState

SYSTEM = "系统（重新评分）"
REVIEWED = ("resolved", "appealed", "locked")


@dataclass
class RescoreReport:
    """What changed (or would change): counts and, per indicator, calls newly hit / no longer hit."""

    considered: int = 0
    rescored: int = 0
    unchanged: int = 0
    kept_reviewed: int = 0
    newly_flagged: list[str] = field(default_factory=list)
    unflagged: list[str] = field(default_factory=list)
    gained: Counter[str] = field(default_factory=Counter)
    lost: Counter[str] = field(default_factory=Counter)


def published_rubrics(session: Session) -> dict[str, Rubric]:
    """The published version of every rubric, read from its path and checked against its hash."""
    out = {}
    for row in rubric_versions.all_versions(session):
        if row.status != "published":
            continue
        rubric = load_rubric(Path(row.path))
        if rubric.hash != row.content_hash:
            raise ConfigError(row.path, f"changed since rubric {row.rubric_id} version {row.version} was published "
                              f"(hash {rubric.hash[:12]}, published {row.content_hash[:12]})",
                              "restore the file or publish the change as a new version")
        out[row.rubric_id] = rubric
    return out


def _window(since: date, until: date | None) -> tuple[datetime, datetime]:
    end = until or datetime.now(UTC).astimezone(LOCAL_TZ).date()
    return (datetime.combine(since, time(0), LOCAL_TZ).astimezone(UTC),
            datetime.combine(end + timedelta(days=1), time(0), LOCAL_TZ).astimezone(UTC))


def candidates(session: Session, since: date, until: date | None, queue: str | None) -> list[int]:
    start, end = _window(since, until)
    if session.get_bind().dialect.name == "sqlite":
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    stmt = select(Interaction.id).where(Interaction.state.in_(("queued", "done")), Interaction.started_at >= start,
                                        Interaction.started_at < end)
    if queue:
        stmt = stmt.where(Interaction.queue == queue)
    return list(session.scalars(stmt.order_by(Interaction.id)))


def _diff(report: RescoreReport, call_id: str, old: Score, new: CallScore) -> None:
    before, after = {h.indicator for h in old.hits}, {h.indicator for h in new.hits}
    report.gained.update(after - before)
    report.lost.update(before - after)
    if new.flagged and not old.flagged:
        report.newly_flagged.append(call_id)
    if old.flagged and not new.flagged:
        report.unflagged.append(call_id)


def _move_item(session: Session, item: ReviewItem, old: Score, new: Score) -> None:
    verdicts = {v.indicator: v for v in session.scalars(
        select(HitVerdict).join(HitRow, HitVerdict.hit_id == HitRow.id).where(HitRow.score_id == old.id))}
    item.score_id, item.reasons = new.id, list(new.flag_reasons) or item.reasons
    item.severity = new.severity or item.severity
    for hit in new.hits:
        if (v := verdicts.get(hit.indicator)) is not None:
            session.add(HitVerdict(hit_id=hit.id, indicator=hit.indicator, verdict=v.verdict, comment=v.comment,
                                   reviewer=v.reviewer))
    record(session, item, SYSTEM, "rescore", previous_hash=old.rubric_hash, rubric_hash=new.rubric_hash,
           score=new.score)
    if not (new.flagged or new.calibration):
        item.status = "resolved"
        state = session.get(ReviewItemState, item.id) or ReviewItemState(review_item_id=item.id)
        state.resolved_by, state.resolved_at, state.resolution_note = SYSTEM, datetime.now(UTC), "重新评分后不再命中"
        session.add(state)
        record(session, item, SYSTEM, "resolve", note="重新评分后不再命中")


def rescore_one(session: Session, inter: Interaction, rubrics: dict[str, Rubric], report: RescoreReport,
                *, dry_run: bool, settings: QueueSettings) -> None:
    old = latest_score(session, inter.id)
    rubric = rubrics.get(old.rubric_id) if old else None
    if old is None or rubric is None or old.rubric_hash == rubric.hash:
        report.unchanged += 1
        return
    item = session.scalar(select(ReviewItem).where(ReviewItem.interaction_id == inter.id))
    if item is not None and item.status in REVIEWED:
        report.kept_reviewed += 1
        return
    result = score_transcript(load_redacted_transcript(session, inter), rubric,
                              detections=_stored_detections(session, inter.id))
    _diff(report, inter.call_id, old, result)
    report.rescored += 1
    if dry_run:
        return
    new = store_score(session, inter, result, None)
    if item is not None:
        _move_item(session, item, old, new)
        inter.state = InteractionState.QUEUED
    else:
        enqueue(session, inter, new, now=datetime.now(UTC), settings=settings)


def rescore(db_url: str, *, since: date, until: date | None = None, queue: str | None = None,
            dry_run: bool = False, settings: QueueSettings | None = None, batch: int = 500) -> RescoreReport:
    """Re-score the range in batches of ``batch`` interactions per transaction; a dry run writes nothing."""
    settings = settings or QueueSettings()
    report = RescoreReport()
    with session_scope(db_url) as session:
        rubrics = published_rubrics(session)
        ids = candidates(session, since, until, queue)
    report.considered = len(ids)
    for k in range(0, len(ids), batch):
        with session_scope(db_url) as session:
            for inter in session.scalars(select(Interaction).where(Interaction.id.in_(ids[k:k + batch]))
                                         .order_by(Interaction.id)):
                rescore_one(session, inter, rubrics, report, dry_run=dry_run, settings=settings)
    return report
