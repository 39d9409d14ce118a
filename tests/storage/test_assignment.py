"""Auto-assignment (D65) on SQLite and PostgreSQL: balanced round-robin, by queue, re-runs assign nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callqa.cli import main
from storage.assignment import AUTO_ASSIGNER, AssignmentError, AssignmentPlan, auto_assign
from storage.db import session_scope
from storage.models import ReviewItem
from storage.review import ReviewAction
from storage.review_ops import claim
from tests.web.conftest import HASHER
from tests.web.seed import seed


def _assignees(url: str) -> dict[int, str | None]:
    with session_scope(url) as s:
        return {i.id: i.assignee for i in s.scalars(select(ReviewItem).order_by(ReviewItem.id))}


def test_round_robin_balances_with_hand_claims(db_url: str) -> None:
    data = seed(db_url, HASHER)
    with session_scope(db_url) as s:
        claim(s, s.get_one(ReviewItem, data.other_items[1]), "qa1")  # qa1 already has one
    with session_scope(db_url) as s:
        assert auto_assign(s, AssignmentPlan("round-robin", ("qa1", "qa2"))) == {"qa2": 1, "qa1": 1}
    got = _assignees(db_url)
    assert got[data.main_item] == "qa2" and got[data.other_items[0]] == "qa1"  # most urgent to the idlest
    with session_scope(db_url) as s:
        assert auto_assign(s, AssignmentPlan("round-robin", ("qa1", "qa2"))) == {}
        assert s.scalars(select(ReviewAction.actor).where(ReviewAction.action == "assign")).all() == [AUTO_ASSIGNER] * 2


def test_by_queue(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = seed(db_url, HASHER)
    assert main(["assign", "--mode", "by-queue", "--queue", "loans=qa2", "--db", db_url]) == 0
    assert "assigned 1 item(s); qa2: 1" in capsys.readouterr().out
    got = _assignees(db_url)
    assert got[data.other_items[1]] == "qa2" and got[data.main_item] is None and got[data.other_items[0]] is None
    assert main(["assign", "--mode", "by-queue", "--queue", "loans=qa2", "--team", "qa1", "--db", db_url]) == 0
    assert _assignees(db_url)[data.main_item] == "qa1"


@pytest.mark.parametrize(("plan", "message"), [
    (AssignmentPlan("round-robin", ()), "no reviewers given"),
    (AssignmentPlan("round-robin", ("qa1", "comp1", "nobody")), "not active reviewers (qa, supervisor or admin): "
                                                                "comp1, nobody; see `callqa users list`"),
    (AssignmentPlan("weighted", ("qa1",)), "mode 'weighted' is not one of round-robin, by-queue"),
])
def test_bad_plans(sqlite_url: str, plan: AssignmentPlan, message: str) -> None:
    seed(sqlite_url, HASHER)
    with session_scope(sqlite_url) as s, pytest.raises(AssignmentError) as err:
        auto_assign(s, plan)
    assert str(err.value).startswith(message)


def test_an_item_taken_meanwhile_is_not_assigned_again(db_url: str) -> None:
    """Between reading the unassigned items and assigning one, another run (or a person) takes it: the
    conditional update leaves it alone and records nothing (two runs of one night never assign twice)."""
    from sqlalchemy import event, update
    from sqlalchemy.orm import ORMExecuteState

    data = seed(db_url, HASHER)
    with session_scope(db_url) as s:
        fired: list[int] = []

        def meanwhile(state: ORMExecuteState) -> None:
            if state.is_update and not fired:
                fired.append(1)
                with session_scope(db_url) as other:
                    other.execute(update(ReviewItem).where(ReviewItem.id == data.main_item).values(assignee="qa9"))

        event.listen(s, "do_orm_execute", meanwhile)
        given = auto_assign(s, AssignmentPlan("round-robin", ("qa1", "qa2")))
    assert sum(given.values()) == 2 and _assignees(db_url)[data.main_item] == "qa9"
    with session_scope(db_url) as s:
        assigned = s.scalars(select(ReviewAction.review_item_id).where(ReviewAction.action == "assign")).all()
    assert data.main_item not in assigned and len(assigned) == 2
