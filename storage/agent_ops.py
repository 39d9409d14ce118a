"""Agents in the loop (D64): coaching notes a supervisor leaves on a call and the agent acknowledges, and
appeal requests an agent files that their supervisor forwards (as a regular 申诉) or rejects.

Messages of ``ReviewError`` are shown to people, so they are Chinese and carry no personal data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base, Interaction, ReviewItem
from storage.review_ops import ReviewError, file_appeal, hit_of, record
from storage.types import UtcDateTime

REQUEST_STATUSES = ("requested", "forwarded", "rejected")


class CoachingNote(Base):
    __tablename__ = "coaching_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class AppealRequest(Base):
    """An agent's request to appeal a resolved result; their supervisor forwards it (an ``Appeal``) or rejects it."""

    __tablename__ = "appeal_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    hit_id: Mapped[int | None] = mapped_column(ForeignKey("hits.id"))
    agent_user: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="requested", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def own_interaction(session: Session, interaction_id: int, agent_id: str | None) -> Interaction:
    """The interaction if it is this agent's scored call; otherwise ``LookupError`` (shown as 404)."""
    inter = session.get(Interaction, interaction_id)
    if inter is None or agent_id is None or inter.agent_id != agent_id or inter.state not in ("queued", "done"):
        raise LookupError(interaction_id)
    return inter


def add_note(session: Session, item: ReviewItem, text: str, actor: str) -> CoachingNote:
    if not text.strip():
        raise ReviewError("辅导意见不能为空")
    note = CoachingNote(interaction_id=item.interaction_id, author=actor, text=text)
    session.add(note)
    session.flush()
    record(session, item, actor, "coaching_note", note_id=note.id)
    return note


def acknowledge(session: Session, note: CoachingNote, *, now: datetime) -> None:
    if note.acknowledged_at is None:
        note.acknowledged_at = now


def request_appeal(session: Session, item: ReviewItem, hit_id: int | None, reason: str, agent_user: str,
                   ) -> AppealRequest:
    if item.status != "resolved":
        raise ReviewError("只能对已完结、未终审的结果申诉")
    if not reason.strip():
        raise ReviewError("申诉必须填写理由")
    if hit_id is not None:
        hit_of(session, item, hit_id)
    pending = session.scalar(select(AppealRequest.id).where(AppealRequest.review_item_id == item.id,
                                                            AppealRequest.status == "requested"))
    if pending is not None:
        raise ReviewError("已有待主管处理的申诉请求")
    req = AppealRequest(review_item_id=item.id, hit_id=hit_id, agent_user=agent_user, reason=reason)
    session.add(req)
    session.flush()
    record(session, item, agent_user, "appeal_requested", hit_id=hit_id, request_id=req.id, reason=reason)
    return req


def decide(session: Session, req: AppealRequest, *, forward: bool, reason: str, actor: str,
           now: datetime) -> None:
    """Forward (files the 申诉 in the supervisor's name, the agent's reason quoted) or reject with a reason."""
    if req.status != "requested":
        raise ReviewError("该申诉请求已处理")
    item = session.get_one(ReviewItem, req.review_item_id)
    if forward:
        appeal = file_appeal(session, item, req.hit_id, f"坐席 {req.agent_user} 申诉：{req.reason}"
                             + (f"；主管意见：{reason}" if reason.strip() else ""), actor, now=now)
        req.appeal_id = appeal.id
    elif not reason.strip():
        raise ReviewError("驳回必须填写理由")
    req.status = "forwarded" if forward else "rejected"
    req.decided_by, req.decision_reason, req.decided_at = actor, reason, now
    record(session, item, actor, "appeal_request_" + req.status, request_id=req.id, reason=reason)
