"""What reviewers do to a review item. Each function runs in the caller's transaction and records an action.

Messages of ``ReviewError`` are shown to reviewers, so they are Chinese and carry no personal data.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import Session

from storage.audit import verify_chain
from storage.audit_anchor import Anchor
from storage.audit_chain import ChainKeys
from storage.models import AuditHead, HitRow, ReviewItem, Score
from storage.review import VERDICTS, Appeal, ChainCheck, HitVerdict, ReviewAction, ReviewItemState, ScoreAdjustment
from storage.score_effect import moved_score, verdict_score

APPEAL_WINDOW_DAYS = 7


class ReviewError(ValueError):
    """A refused review step (wrong state, bad input); ``str(err)`` is for the reviewer."""


def record(session: Session, item: ReviewItem, actor: str, action: str, *, hit_id: int | None = None,
           **detail: Any) -> None:
    session.add(ReviewAction(review_item_id=item.id, actor=actor, action=action, hit_id=hit_id, detail=detail))


def require_open(item: ReviewItem) -> None:
    if item.status != "open":
        raise ReviewError("该条目已复核完结，只能通过申诉修改")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def claim(session: Session, item: ReviewItem, actor: str) -> None:
    """Take an open, unassigned item. One conditional UPDATE, so two reviewers clicking 领取 at the same moment
    cannot both get it (the loser sees who won)."""
    require_open(item)
    result = session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item.id, ReviewItem.status == "open",
               or_(ReviewItem.assignee.is_(None), ReviewItem.assignee == actor))
        .values(assignee=actor).execution_options(synchronize_session=False))
    session.refresh(item)
    if not isinstance(result, CursorResult) or result.rowcount != 1:
        require_open(item)
        raise ReviewError(f"该条目已由 {item.assignee} 领取")
    record(session, item, actor, "claim")


def assign(session: Session, item: ReviewItem, assignee: str, actor: str) -> None:
    require_open(item)
    previous = item.assignee
    item.assignee = assignee or None
    record(session, item, actor, "assign", assignee=assignee, previous=previous)


def hit_of(session: Session, item: ReviewItem, hit_id: int) -> HitRow:
    hit = session.get(HitRow, hit_id)
    if hit is None or hit.score_id != item.score_id:
        raise ReviewError("该命中不属于本通话")
    return hit


def set_verdict(session: Session, item: ReviewItem, hit: HitRow, verdict: str, comment: str, actor: str,
                *, action: str = "verdict") -> None:
    if verdict not in VERDICTS:
        raise ReviewError("结论只能是 确认 或 误报")
    row = session.scalar(select(HitVerdict).where(HitVerdict.hit_id == hit.id))
    previous = row.verdict if row else None
    before = _dismissed(session, item)
    if row is None:
        row = HitVerdict(hit_id=hit.id, indicator=hit.indicator, verdict=verdict, comment=comment, reviewer=actor)
        session.add(row)
    else:
        row.verdict, row.comment, row.reviewer = verdict, comment, actor
    record(session, item, actor, action, hit_id=hit.id, indicator=hit.indicator, verdict=verdict,
           previous=previous, comment=comment)
    after = (before - {hit.id}) | ({hit.id} if verdict == "false_positive" else set())
    if after != before:
        _score_follows_verdict(session, item, hit, before, after, actor)


def _dismissed(session: Session, item: ReviewItem) -> set[int]:
    stmt = (select(HitVerdict.hit_id).join(HitRow, HitVerdict.hit_id == HitRow.id)
            .where(HitRow.score_id == item.score_id, HitVerdict.verdict == "false_positive"))
    return set(session.scalars(stmt))


def _score_follows_verdict(session: Session, item: ReviewItem, hit: HitRow, before: set[int], after: set[int],
                           actor: str) -> None:
    """Record the score change a verdict causes (D60) as a ``verdict`` adjustment, if the score moves."""
    score = session.get_one(Score, item.score_id)
    current = effective_score(session, item)
    new = moved_score(current, verdict_score(score, score.hits, before), verdict_score(score, score.hits, after))
    if new == current:
        return
    why = (f"{hit.indicator} 误报，退回扣分" if hit.id in after else f"{hit.indicator} 改判确认，恢复扣分")
    if hit.fatal:
        why = f"{hit.indicator} 致命项{'误报，重新计分' if hit.id in after else '改判确认，计 0 分'}"
    session.add(ScoreAdjustment(review_item_id=item.id, previous=current, adjusted=new, reason=why, actor=actor,
                                source="verdict", hit_id=hit.id))
    session.flush()
    record(session, item, actor, "verdict_score", hit_id=hit.id, previous=current, adjusted=new, reason=why)


def effective_score(session: Session, item: ReviewItem) -> float:
    """The newest manual score, else the automatic one (0–100)."""
    session.flush()
    adjusted = session.scalar(select(ScoreAdjustment.adjusted).where(ScoreAdjustment.review_item_id == item.id)
                              .order_by(ScoreAdjustment.id.desc()).limit(1))
    if adjusted is not None:
        return float(adjusted)
    return float(session.scalar(select(Score.score).where(Score.id == item.score_id)) or 0.0)


def adjust_score(session: Session, item: ReviewItem, new_score: float, reason: str, actor: str,
                 *, source: str = "manual") -> None:
    if not 0 <= new_score <= 100:
        raise ReviewError("分数须在 0–100 之间")
    if not reason.strip():
        raise ReviewError("调整分数必须填写原因")
    previous = effective_score(session, item)
    session.add(ScoreAdjustment(review_item_id=item.id, previous=previous, adjusted=new_score, reason=reason,
                                actor=actor, source=source))
    record(session, item, actor, "adjust_score", previous=previous, adjusted=new_score, reason=reason)


def unreviewed_hits(session: Session, item: ReviewItem) -> int:
    stmt = (select(func.count(HitRow.id)).outerjoin(HitVerdict, HitVerdict.hit_id == HitRow.id)
            .where(HitRow.score_id == item.score_id, HitVerdict.id.is_(None)))
    return int(session.scalar(stmt) or 0)


def resolve(session: Session, item: ReviewItem, note: str, actor: str) -> None:
    require_open(item)
    if unreviewed_hits(session, item):
        raise ReviewError("还有命中未给出结论（确认/误报），不能完结")
    item.status = "resolved"
    state = session.get(ReviewItemState, item.id) or ReviewItemState(review_item_id=item.id)
    state.resolved_by, state.resolved_at, state.resolution_note = actor, datetime.now(UTC), note
    session.add(state)
    record(session, item, actor, "resolve", note=note)


def file_appeal(session: Session, item: ReviewItem, hit_id: int | None, reason: str, actor: str,
                *, now: datetime, window_days: int = APPEAL_WINDOW_DAYS) -> Appeal:
    if item.status != "resolved":
        raise ReviewError("只能对已完结、未终审的条目申诉")
    state = session.get(ReviewItemState, item.id)
    if state is None or state.resolved_at is None or now - _aware(state.resolved_at) > timedelta(days=window_days):
        raise ReviewError(f"已超过申诉期限（完结后 {window_days} 天内）")
    if not reason.strip():
        raise ReviewError("申诉必须填写理由")
    if hit_id is not None:
        hit_of(session, item, hit_id)
    appeal = Appeal(review_item_id=item.id, hit_id=hit_id, filed_by=actor, reason=reason)
    session.add(appeal)
    item.status = "appealed"
    session.flush()
    record(session, item, actor, "appeal_filed", hit_id=hit_id, appeal_id=appeal.id, reason=reason)
    return appeal


def recheck(session: Session, item: ReviewItem, appeal: Appeal, note: str, actor: str) -> None:
    if appeal.status != "filed":
        raise ReviewError("该申诉已裁决")
    appeal.recheck_note = note
    record(session, item, actor, "appeal_recheck", appeal_id=appeal.id, note=note)


def rule_appeal(session: Session, item: ReviewItem, appeal: Appeal, *, accept: bool, reason: str, final: bool,
                actor: str, new_score: float | None = None, may_rule_own: bool = False) -> None:
    """Accepting a hit appeal turns the hit into 误报, which gives its deduction back (D60, capped at 100);
    ``new_score`` sets a score on top of that.

    The reviewer who resolved the item does not rule on an appeal against their own result (separation of
    duties, as in Huawei's 质检员 re-check); ``may_rule_own`` lifts that for admins in small teams.
    """
    if appeal.status != "filed":
        raise ReviewError("该申诉已裁决")
    state = session.get(ReviewItemState, item.id)
    if not may_rule_own and state is not None and state.resolved_by == actor:
        raise ReviewError("原复核人不能裁决针对本人结论的申诉，请由其他质检员或管理员裁决")
    if not reason.strip():
        raise ReviewError("裁决必须填写理由")
    if accept and appeal.hit_id is not None:
        hit = hit_of(session, item, appeal.hit_id)
        set_verdict(session, item, hit, "false_positive", f"申诉成立：{reason}", actor, action="appeal_verdict")
    if accept and new_score is not None:
        adjust_score(session, item, new_score, f"申诉成立：{reason}", actor, source="appeal")
    appeal.status = "accepted" if accept else "rejected"
    appeal.ruled_by, appeal.ruling_reason, appeal.final = actor, reason, final
    appeal.ruled_at = datetime.now(UTC)
    item.status = "locked" if final else "resolved"
    record(session, item, actor, "appeal_ruled", appeal_id=appeal.id, accepted=accept, final=final, reason=reason)


def check_chain(session: Session, actor: str, keys: ChainKeys, anchors: list[Anchor] | None) -> ChainCheck:
    """Verify the whole redaction audit chain now (keys + anchors) and record who did it and the outcome."""
    t0 = time.perf_counter()
    report = verify_chain(session, keys, anchors)
    problem = report.problem[:200] if report.problem else None
    row = ChainCheck(actor=actor, ok=report.ok, checked=report.checked, first_broken_seq=report.first_broken_seq,
                     problem=problem, seconds=round(time.perf_counter() - t0, 3))
    session.add(row)
    session.flush()
    return row


def latest_chain_check(session: Session) -> tuple[ChainCheck | None, int]:
    """The newest recorded check and how many records the chain holds beyond what it verified."""
    row = session.scalar(select(ChainCheck).order_by(ChainCheck.id.desc()).limit(1))
    head = int(session.scalar(select(AuditHead.seq).where(AuditHead.id == 1)) or 0)
    return row, (max(0, head - row.checked) if row is not None and row.ok else 0)
