"""Re-score stored redacted transcripts with the published rubric versions (D63).

Per interaction in the date range: score its stored redacted transcript and detections with the published
version (rebuilt from its stored text, D130) of the rubric its latest score used; skip it if that score
already has the published hash, or if its review item is resolved, appealed or locked (reviewed results are
never touched). Unless ``dry_run``, the new
score is added (earlier scores stay as history), an open review item moves to it (verdicts carried over by
indicator; closed by the system when the call is no longer flagged), and a newly flagged call is queued.
Each batch of interactions is read in a few queries and its new scores written with one flush (D134).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.pipeline.process import stored_detections
from callqa.pipeline.published import Pins, published_pins, published_rubric
from common.beijing import BEIJING as LOCAL_TZ
from scoring import CallScore, Rubric, score_transcript
from storage.db import session_scope
from storage.interactions import load_redacted_transcripts
from storage.models import HitRow, Interaction, ReviewItem, Score
from storage.queue import QueueSettings, enqueue
from storage.review import HitVerdict, ReviewItemState
from storage.review_ops import record
from storage.scores import latest_scores, score_row, scores_with_hashes
from storage.states import InteractionState
from transcripts.models import Detection, Transcript

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
    gained_calls: dict[str, list[str]] = field(default_factory=dict)
    """Per indicator, the calls it would newly hit (the diff page lists them)."""
    lost_calls: dict[str, list[str]] = field(default_factory=dict)

    def indicators(self) -> list[str]:
        return sorted(set(self.gained) | set(self.lost))


def published_rubrics(db_url: str, pins: Pins | None = None) -> dict[str, Rubric]:
    """The published version of every rubric (or of ``pins``), rebuilt from its stored text (D130): an edit of
    the file since publishing is a draft and changes nothing."""
    return {rubric_id: published_rubric(db_url, content_hash)
            for rubric_id, content_hash in (published_pins(db_url) if pins is None else pins)}


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
    for ind in sorted(after - before):
        report.gained_calls.setdefault(ind, []).append(call_id)
    for ind in sorted(before - after):
        report.lost_calls.setdefault(ind, []).append(call_id)
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


@dataclass
class _Batch:
    """One batch's stored rows, read in a few queries instead of several per call."""

    latest: dict[int, Score]
    items: dict[int, ReviewItem]
    existing: dict[tuple[int, str], Score]
    transcripts: dict[int, Transcript]
    detections: dict[int, list[Detection]]


def _read_batch(session: Session, inters: list[Interaction], rubrics: dict[str, Rubric]) -> _Batch:
    ids = [i.id for i in inters]
    latest = latest_scores(session, ids)
    items = {r.interaction_id: r for r in session.scalars(select(ReviewItem).where(ReviewItem.interaction_id.in_(ids)))}
    todo = [i for i in inters if _needs(latest.get(i.id), rubrics, items.get(i.id)) == "rescore"]
    todo_ids = [i.id for i in todo]
    return _Batch(latest, items, scores_with_hashes(session, todo_ids, [r.hash for r in rubrics.values()]),
                  load_redacted_transcripts(session, todo), stored_detections(session, todo_ids))


def _needs(old: Score | None, rubrics: dict[str, Rubric], item: ReviewItem | None) -> str:
    rubric = rubrics.get(old.rubric_id) if old else None
    if old is None or rubric is None or old.rubric_hash == rubric.hash:
        return "unchanged"
    return "kept" if item is not None and item.status in REVIEWED else "rescore"


def rescore_batch(session: Session, inters: list[Interaction], rubrics: dict[str, Rubric], report: RescoreReport,
                  *, dry_run: bool, settings: QueueSettings) -> None:
    """Score the batch's calls that need it; unless ``dry_run``, store all new scores with one flush, then move
    open items to them and queue newly flagged calls."""
    batch = _read_batch(session, inters, rubrics)
    stored: list[tuple[Interaction, Score, Score]] = []
    for inter in inters:
        old, item = batch.latest.get(inter.id), batch.items.get(inter.id)
        need = _needs(old, rubrics, item)
        if need != "rescore" or old is None:
            report.unchanged += need == "unchanged"
            report.kept_reviewed += need == "kept"
            continue
        rubric = rubrics[old.rubric_id]
        result = score_transcript(batch.transcripts[inter.id], rubric, detections=batch.detections[inter.id])
        _diff(report, inter.call_id, old, result)
        report.rescored += 1
        if not dry_run:
            new = batch.existing.get((inter.id, rubric.hash)) or score_row(inter, result, None)
            session.add(new)
            stored.append((inter, old, new))
    session.flush()  # every new score and hit of the batch in a few multi-row INSERTs
    now = datetime.now(UTC)
    for inter, old, new in stored:
        if (item := batch.items.get(inter.id)) is not None:
            _move_item(session, item, old, new)
            inter.state = InteractionState.QUEUED
    with session.no_autoflush:  # the batch's new items go out together; none of these calls had one
        for inter, _old, new in stored:
            if inter.id not in batch.items:
                enqueue(session, inter, new, now=now, settings=settings, flush=False)


def rescore(db_url: str, *, since: date, until: date | None = None, queue: str | None = None,
            dry_run: bool = False, settings: QueueSettings | None = None, batch: int = 500,
            pins: Pins | None = None) -> RescoreReport:
    """Re-score the range in batches of ``batch`` interactions per transaction; a dry run writes nothing.
    ``pins``: the published versions to use (the diff page applies exactly what it showed); default: now's."""
    settings = settings or QueueSettings()
    report = RescoreReport()
    rubrics = published_rubrics(db_url, pins)
    with session_scope(db_url) as session:
        ids = candidates(session, since, until, queue)
    report.considered = len(ids)
    for k in range(0, len(ids), batch):
        with session_scope(db_url) as session:
            inters = list(session.scalars(select(Interaction).where(Interaction.id.in_(ids[k:k + batch]))
                                          .order_by(Interaction.id)))
            rescore_batch(session, inters, rubrics, report, dry_run=dry_run, settings=settings)
    return report
