"""Calibration (D66): a share of resolved items is reviewed again, blind, by a second QA specialist; agreement
per indicator between the first verdicts (``hit_verdicts``) and the blind ones is Cohen's κ.

The share is a deterministic sample of review items (SHA-256 of the call id), so the same items are picked on
every page view and no flag needs to be stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base, HitRow, Interaction, ReviewItem
from storage.review import VERDICTS, HitVerdict, ReviewItemState
from storage.review_ops import ReviewError, record
from storage.types import UtcDateTime

CALIBRATION_SHARE = 0.2
"""Share of resolved items that get a blind second review."""


class CalibrationReview(Base):
    __tablename__ = "calibration_reviews"
    __table_args__ = (UniqueConstraint("hit_id", "reviewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    hit_id: Mapped[int] = mapped_column(ForeignKey("hits.id", ondelete="CASCADE"))
    indicator: Mapped[str] = mapped_column(String(16), index=True)
    reviewer: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


def picked(call_id: str, share: float = CALIBRATION_SHARE) -> bool:
    return int.from_bytes(hashlib.sha256(f"calibration:{call_id}".encode()).digest()[:8], "big") / 2**64 < share


def pending_for(session: Session, reviewer: str, share: float = CALIBRATION_SHARE) -> list[tuple[ReviewItem, str]]:
    """Resolved items in the sample that ``reviewer`` did not resolve and has not second-reviewed yet."""
    done = select(CalibrationReview.review_item_id).where(CalibrationReview.reviewer == reviewer)
    stmt = (select(ReviewItem, Interaction.call_id).join(Interaction, ReviewItem.interaction_id == Interaction.id)
            .join(ReviewItemState, ReviewItemState.review_item_id == ReviewItem.id)
            .where(ReviewItem.status.in_(("resolved", "locked")), ReviewItemState.resolved_by != reviewer,
                   ReviewItem.id.not_in(done)).order_by(ReviewItem.id))
    return [(item, call_id) for item, call_id in session.execute(stmt).tuples() if picked(call_id, share)]


def record_blind(session: Session, item: ReviewItem, verdicts: dict[int, str], reviewer: str) -> None:
    """The second reviewer's verdicts on every hit of the item (all at once; they never saw the first ones)."""
    state = session.get(ReviewItemState, item.id)
    if state is None or state.resolved_by == reviewer:
        raise ReviewError("校准复核须由未复核过该通话的质检员完成")
    hits = list(session.scalars(select(HitRow).where(HitRow.score_id == item.score_id)))
    if {h.id for h in hits} != set(verdicts) or not set(verdicts.values()) <= set(VERDICTS):
        raise ReviewError("每条命中都须给出结论（确认/误报）")
    if session.scalar(select(CalibrationReview.id).where(CalibrationReview.review_item_id == item.id,
                                                         CalibrationReview.reviewer == reviewer)):
        raise ReviewError("您已完成该通话的校准复核")
    for h in hits:
        session.add(CalibrationReview(review_item_id=item.id, hit_id=h.id, indicator=h.indicator, reviewer=reviewer,
                                      verdict=verdicts[h.id]))
    record(session, item, reviewer, "calibration", hits=len(hits))


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """κ = (p_o − p_e) / (1 − p_e) over two raters' labels; None without pairs, 1.0 when both always agree on
    a single label (p_e = 1)."""
    if not pairs:
        return None
    n = len(pairs)
    labels = {a for a, _ in pairs} | {b for _, b in pairs}
    observed = sum(a == b for a, b in pairs) / n
    expected = sum((sum(a == lab for a, _ in pairs) / n) * (sum(b == lab for _, b in pairs) / n) for lab in labels)
    if expected >= 1.0:
        return 1.0
    return round((observed - expected) / (1 - expected), 3)


@dataclass(frozen=True)
class Agreement:
    indicator: str
    pairs: int
    kappa: float | None


def agreement(session: Session) -> dict[str, Agreement]:
    stmt = (select(CalibrationReview.indicator, HitVerdict.verdict, CalibrationReview.verdict)
            .join(HitVerdict, HitVerdict.hit_id == CalibrationReview.hit_id))
    by: dict[str, list[tuple[str, str]]] = {}
    for ind, first, second in session.execute(stmt).tuples():
        by.setdefault(ind, []).append((first, second))
    return {ind: Agreement(ind, len(p), cohen_kappa(p)) for ind, p in by.items()}
