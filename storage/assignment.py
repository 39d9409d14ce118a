"""Auto-assignment of new review items to QA specialists (D65): round-robin over a team, or by queue.

Stateless and restart-safe: each unassigned open item goes to the member of its team with the fewest open
items assigned now (ties by username), so a re-run assigns nothing twice and a team stays balanced even when
people also claim items by hand. Each assignment is an ``assign`` action by ``AUTO_ASSIGNER``, taken by a
conditional update (only while the item is still unassigned), so two runs of one night never assign it twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.models import Interaction, ReviewItem
from storage.review import User
from storage.review_ops import record

AUTO_ASSIGNER = "系统（自动分派）"
MODES = ("round-robin", "by-queue")


@dataclass(frozen=True)
class AssignmentPlan:
    """``round-robin``: every item to ``team``; ``by-queue``: items of a queue to ``queues[queue]`` (others to
    ``team`` if given, else left unassigned)."""

    mode: str
    team: tuple[str, ...] = ()
    queues: dict[str, tuple[str, ...]] = field(default_factory=dict)


class AssignmentError(ValueError):
    pass


def check_plan(session: Session, plan: AssignmentPlan) -> None:
    if plan.mode not in MODES:
        raise AssignmentError(f"mode {plan.mode!r} is not one of {', '.join(MODES)}")
    names = set(plan.team) | {n for team in plan.queues.values() for n in team}
    if not names:
        raise AssignmentError("no reviewers given; name QA specialists with --team or --queue QUEUE=a,b")
    known = dict(session.execute(select(User.username, User.role).where(User.username.in_(names),
                                                                        User.active.is_(True))).tuples().all())
    bad = sorted(n for n in names if known.get(n) not in ("qa", "supervisor", "admin"))
    if bad:
        raise AssignmentError(f"not active reviewers (qa, supervisor or admin): {', '.join(bad)}; "
                              "see `callqa users list`")


def _team_for(plan: AssignmentPlan, queue: str | None) -> tuple[str, ...]:
    if plan.mode == "by-queue":
        return plan.queues.get(queue or "", plan.team)
    return plan.team


def auto_assign(session: Session, plan: AssignmentPlan) -> dict[str, int]:
    """Assign every open, unassigned item (most urgent first); returns how many each reviewer got."""
    check_plan(session, plan)
    load = {str(who): int(n) for who, n in session.execute(
        select(ReviewItem.assignee, func.count(ReviewItem.id))
        .where(ReviewItem.status == "open", ReviewItem.assignee.is_not(None))
        .group_by(ReviewItem.assignee)).tuples()}
    given: dict[str, int] = {}
    stmt = (select(ReviewItem, Interaction.queue).join(Interaction, ReviewItem.interaction_id == Interaction.id)
            .where(ReviewItem.status == "open", ReviewItem.assignee.is_(None))
            .order_by(ReviewItem.priority, ReviewItem.due_at, ReviewItem.id))
    for item, queue in session.execute(stmt).tuples().all():
        team = _team_for(plan, queue)
        if not team:
            continue
        who = min(sorted(team), key=lambda n: load.get(n, 0))
        taken = session.execute(update(ReviewItem).where(ReviewItem.id == item.id, ReviewItem.status == "open",
                                                         ReviewItem.assignee.is_(None)).values(assignee=who))
        if not getattr(taken, "rowcount", 0):  # a parallel run (or a person) assigned it meanwhile
            continue
        item.assignee = who
        load[who] = load.get(who, 0) + 1
        given[who] = given.get(who, 0) + 1
        record(session, item, AUTO_ASSIGNER, "assign", assignee=who, previous=None, mode=plan.mode)
    return given
