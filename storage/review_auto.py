"""Auto-close (自动确认) for proven rules, as Alibaba SCA skips human review for high-precision rules.

A supervisor may switch it on only for a rule with enough reviewed hits at high precision. While it is on,
the rule's unreviewed hits on open items are confirmed by the system; an unassigned item left with nothing to
review, every verdict on it automatic, is resolved by the system too. Each step is a ``review_actions`` row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import HitRow, ReviewItem
from storage.review import HitVerdict, RuleSetting
from storage.review_ops import ReviewError, resolve, set_verdict, unreviewed_hits
from storage.review_queries import AUTO_CLOSE_MIN_PRECISION, AUTO_CLOSE_MIN_REVIEWED, open_unreviewed_hits, rule_quality

AUTO_ACTOR = "系统（自动确认）"
"""The actor recorded for automatic verdicts and resolutions."""


def switch_auto_close(session: Session, indicator: str, on: bool, actor: str) -> int:
    """Turn auto-close on (only for proven rules) or off; returns how many pending hits were confirmed now."""
    stat = next((s for s in rule_quality(session) if s.indicator == indicator), None)
    if stat is None:
        raise ReviewError("没有该指标的命中记录")
    if on and not stat.proven:
        raise ReviewError(f"只有已复核 ≥{AUTO_CLOSE_MIN_REVIEWED} 条且准确率 ≥{AUTO_CLOSE_MIN_PRECISION:.0%} "
                          "的规则可以自动确认")
    setting = session.get(RuleSetting, indicator) or RuleSetting(indicator=indicator, updated_by=actor)
    setting.auto_close, setting.updated_by = on, actor
    session.add(setting)
    session.flush()
    return apply_auto_close(session) if on else 0


def apply_auto_close(session: Session) -> int:
    """Confirm the pending hits of every switched-on rule; resolve items this leaves fully auto-reviewed.

    Idempotent and cheap when no rule is switched on. New items come from the nightly run, which knows nothing
    of the switches, so the web app calls this before listing the queue (the pipeline may call it too).
    """
    indicators = list(session.scalars(select(RuleSetting.indicator).where(RuleSetting.auto_close.is_(True))))
    if not indicators:
        return 0
    pending = open_unreviewed_hits(session, indicators)
    touched: dict[int, ReviewItem] = {}
    for item, hit in pending:
        set_verdict(session, item, hit, "confirmed", "规则已验证，自动确认", AUTO_ACTOR, action="auto_close")
        touched[item.id] = item
    session.flush()
    for item in touched.values():
        if item.assignee is None and not unreviewed_hits(session, item) and _all_automatic(session, item):
            resolve(session, item, "全部命中由已验证规则自动确认", AUTO_ACTOR)
    return len(pending)


def _all_automatic(session: Session, item: ReviewItem) -> bool:
    reviewers = session.scalars(select(HitVerdict.reviewer).join(HitRow, HitVerdict.hit_id == HitRow.id)
                                .where(HitRow.score_id == item.score_id))
    return all(r == AUTO_ACTOR for r in reviewers)
