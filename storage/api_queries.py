"""Read-side queries behind the HTTP API: interactions with filters, one interaction in full, a daily report.

Everything returned is stored data, i.e. redacted text, keyed hashes never leave (``customer_hash`` is omitted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from common.beijing import beijing_day, day_bounds
from storage.models import HitRow, Interaction, ReviewItem, Score, SegmentRow
from storage.review import HitVerdict, ScoreAdjustment
from storage.review_ops import effective_score


@dataclass(frozen=True)
class InteractionFilter:
    """All optional; ``since`` / ``until`` are local (Asia/Shanghai) dates of the call, both inclusive."""

    call_id: str | None = None
    queue: str | None = None
    agent: str | None = None
    state: str | None = None
    flagged: bool | None = None
    since: date | None = None
    until: date | None = None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _latest_score_ids() -> Any:
    return select(Score.interaction_id, func.max(Score.id).label("score_id")).group_by(Score.interaction_id).subquery()


def _filtered(session: Session, stmt: Select[Any], f: InteractionFilter) -> Select[Any]:
    if f.call_id:
        stmt = stmt.where(Interaction.call_id.startswith(f.call_id, autoescape=True))
    for column, value in ((Interaction.queue, f.queue), (Interaction.agent_id, f.agent), (Interaction.state, f.state)):
        if value:
            stmt = stmt.where(column == value)
    if f.flagged is not None:
        stmt = stmt.where(Score.flagged.is_(f.flagged))
    if f.since:
        stmt = stmt.where(Interaction.started_at >= day_bounds(f.since)[0])
    if f.until:
        stmt = stmt.where(Interaction.started_at < day_bounds(f.until)[1])
    return stmt


def search(session: Session, f: InteractionFilter, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Interactions (newest call first) with their latest score; and how many match."""
    latest = _latest_score_ids()
    base = (select(Interaction, Score).outerjoin(latest, latest.c.interaction_id == Interaction.id)
            .outerjoin(Score, Score.id == latest.c.score_id))
    stmt = _filtered(session, base, f)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.execute(stmt.order_by(Interaction.started_at.desc(), Interaction.id.desc())
                           .limit(limit).offset(offset)).tuples()
    return [_summary(i, s) for i, s in rows], total


def _summary(i: Interaction, s: Score | None) -> dict[str, Any]:
    return {"call_id": i.call_id, "channel": i.channel, "state": i.state, "agent_id": i.agent_id, "queue": i.queue,
            "started_at": _iso(i.started_at), "duration_s": i.duration_s,
            "score": s.score if s else None, "fatal": s.fatal if s else None, "flagged": s.flagged if s else None,
            "severity": s.severity if s else None}


def _match(m: dict[str, Any]) -> dict[str, Any]:
    """A stored span; rows from before migration 0017 read as matched by characters."""
    return {"segment": m.get("segment"), "start": m.get("start"), "end": m.get("end"), "text": m.get("text"),
            "by_sound": bool(m.get("by_sound"))}


def _hit(h: HitRow, verdict: HitVerdict | None) -> dict[str, Any]:
    return {"id": h.id, "indicator": h.indicator, "title": h.title, "severity": h.severity, "fatal": h.fatal,
            "dimension": h.dimension, "deduction": h.deduction, "segments": list(h.segments),
            "evidence": h.evidence, "reason": h.reason, "by_sound": h.by_sound,
            "matches": [_match(m) for m in h.matches or []],
            "verdict": verdict.verdict if verdict else None, "verdict_by": verdict.reviewer if verdict else None}


def _score(s: Score, verdicts: dict[int, HitVerdict]) -> dict[str, Any]:
    return {"id": s.id, "rubric_id": s.rubric_id, "rubric_version": s.rubric_version, "rubric_hash": s.rubric_hash,
            "score": s.score, "fatal": s.fatal, "flagged": s.flagged, "severity": s.severity,
            "flag_reasons": list(s.flag_reasons), "dimensions": s.dimensions,
            "not_applicable": list(s.not_applicable or []), "created_at": _iso(s.created_at),
            "hits": [_hit(h, verdicts.get(h.id)) for h in s.hits]}


def detail(session: Session, call_id: str) -> dict[str, Any] | None:
    """One interaction: redacted transcript, every score (newest last) with hits and verdicts, its review item."""
    inter = session.scalar(select(Interaction).where(Interaction.call_id == call_id))
    if inter is None:
        return None
    scores = list(session.scalars(select(Score).where(Score.interaction_id == inter.id).order_by(Score.id)))
    hit_ids = [h.id for s in scores for h in s.hits]
    verdicts = {v.hit_id: v for v in session.scalars(select(HitVerdict).where(HitVerdict.hit_id.in_(hit_ids)))}
    segments = session.scalars(select(SegmentRow).where(SegmentRow.interaction_id == inter.id).order_by(SegmentRow.idx))
    item = session.scalar(select(ReviewItem).where(ReviewItem.interaction_id == inter.id))
    return _summary(inter, scores[-1] if scores else None) | {
        "transcript": [{"idx": g.idx, "speaker": g.speaker, "start_s": g.start_s, "end_s": g.end_s, "text": g.text}
                       for g in segments],
        "scores": [_score(s, verdicts) for s in scores],
        "review_item": review_item(session, item) if item else None,
    }


def review_item(session: Session, item: ReviewItem) -> dict[str, Any]:
    changes = session.scalars(select(ScoreAdjustment).where(ScoreAdjustment.review_item_id == item.id)
                              .order_by(ScoreAdjustment.id))
    return {"id": item.id, "status": item.status, "severity": item.severity, "assignee": item.assignee,
            "due_at": _iso(item.due_at), "reasons": list(item.reasons), "calibration": item.calibration,
            "effective_score": effective_score(session, item),
            "score_changes": [{"at": _iso(c.created_at), "actor": c.actor, "source": c.source,
                               "previous": c.previous, "adjusted": c.adjusted, "reason": c.reason, "hit_id": c.hit_id}
                              for c in changes]}


def daily_report(session: Session, since: date, until: date) -> list[dict[str, Any]]:
    """Per local call day: interactions scored, flagged, fatal, mean automatic score, hits per indicator."""
    latest = _latest_score_ids()
    f = InteractionFilter(since=since, until=until)

    def scored(*columns: Any) -> Select[Any]:
        return _filtered(session, select(Interaction.started_at, *columns)
                         .join(latest, latest.c.interaction_id == Interaction.id)
                         .join(Score, Score.id == latest.c.score_id), f)

    days: dict[date, dict[str, Any]] = {}
    for started, score, flagged, fatal in session.execute(scored(Score.score, Score.flagged, Score.fatal)).tuples():
        if started is None:
            continue
        row = days.setdefault(beijing_day(started), {"day": beijing_day(started).isoformat(), "scored": 0,
                                                    "flagged": 0, "fatal": 0, "score_sum": 0.0, "hits": {}})
        row["scored"] += 1
        row["flagged"] += int(bool(flagged))
        row["fatal"] += int(bool(fatal))
        row["score_sum"] += float(score)
    hits_stmt = scored(HitRow.indicator).join(HitRow, HitRow.score_id == Score.id)
    for started, indicator in session.execute(hits_stmt).tuples():
        if started is not None:
            hits = days[beijing_day(started)]["hits"]
            hits[indicator] = hits.get(indicator, 0) + 1
    out = []
    for day in sorted(days):
        row = days[day]
        row["mean_score"] = round(row.pop("score_sum") / row["scored"], 2)
        out.append(row)
    return out
