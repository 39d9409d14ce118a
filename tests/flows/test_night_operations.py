"""The night's review operations under a real Prefect server (D130, D132), on SQLite and PostgreSQL: scores use
the published rubric version (a draft edit of the file has no effect), sampling plans queue unflagged calls,
new items are auto-assigned, and red/fatal items alert through the catch-all webhook — exactly once: a re-run
of the same night sends, samples and assigns nothing new."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from callqa.cli import main
from flows.nightly import nightly_qa
from scoring import BUNDLED_RUBRIC, load_rubric
from storage.alert_outbox import AlertMessage
from storage.db import session_scope
from storage.models import Interaction, ReviewItem, Run, Score
from storage.review import User
from tests.alerts.receivers import robot
from tests.flows import helpers as h

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def _inbox(tmp_path: Path) -> Path:
    box = tmp_path / "inbox"
    box.mkdir()
    h.write_json(box / "T-PII-1.json", h.CHAT_PII_RUDE)  # red: rude agent + complaint
    for n in range(3):  # clean chats of the same agent and week
        h.write_json(box / f"T-CLEAN-{n}.json", {**h.CHAT_CLEAN, "call_id": f"T-CLEAN-{n}"})
    return box


def _draft_edited_rubric(tmp_path: Path, db_url: str) -> tuple[Path, str]:
    """A copy of the bundled rubric, published, then edited in place (an unpublished draft)."""
    path = tmp_path / "rubric.yaml"
    text = BUNDLED_RUBRIC.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert main(["rubric", "publish", str(path), "--db", db_url]) == 0
    published = load_rubric(path).hash
    path.write_text(text.replace('version: "1.0.0"', 'version: "1.0.1-draft"'), encoding="utf-8")
    assert load_rubric(path).hash != published
    return path, published


def test_night_samples_assigns_and_alerts_once(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric, published = _draft_edited_rubric(tmp_path, db_url)
    plans = tmp_path / "sampling.yaml"
    plans.write_text("plans:\n  - {name: 周抽检, per: [agent], period: week, count: 2}\n", encoding="utf-8")
    with session_scope(db_url) as s:
        s.add(User(username="qa1", display_name="质检一", role="qa", password_hash="x"))
    inbox = _inbox(tmp_path)
    with robot() as (hook, url):
        monkeypatch.setenv("CALLQA_ALERT_WEBHOOK", f"{url}/cgi-bin/webhook/send?key=k")
        monkeypatch.setenv("CALLQA_ASSIGN_TEAM", "qa1")
        monkeypatch.setenv("CALLQA_SAMPLING", str(plans))
        first = nightly_qa(inbox=str(inbox), db=db_url, rubric=str(rubric))
        sent_first = list(hook.received)
        second = nightly_qa(inbox=str(inbox), db=db_url, rubric=str(rubric))
        assert hook.received == sent_first  # the re-run sends nothing new
    assert first["alerts"] == {"enqueued": 1, "sent": 1, "failed": 0}
    assert second["alerts"] == {"enqueued": 0, "sent": 0, "failed": 0} and second["sampled"] == {}
    assert len(sent_first) == 1 and "T-PII-1" in str(sent_first[0][1])
    assert h.PHONE not in str(sent_first)
    assert len(first["sampled"]["周抽检"]) == 2 and second["assigned"] == {"given": {}}
    with session_scope(db_url) as s:
        hashes = set(s.scalars(select(Score.rubric_hash)))
        items = s.execute(select(Interaction.call_id, ReviewItem.assignee, ReviewItem.sample_plan)
                          .join(ReviewItem, ReviewItem.interaction_id == Interaction.id)).all()
        versions = s.scalars(select(Run.versions).order_by(Run.id)).first()
        outbox = s.scalar(select(func.count()).select_from(AlertMessage))
    assert hashes == {published}  # the published version, not the edited file
    assert versions is not None and versions["published_rubrics"] == {"default": published[:12]}
    assert {c for c, _, plan in items if plan == "周抽检"} == set(first["sampled"]["周抽检"])
    assert all(who == "qa1" for _, who, _ in items) and len(items) == 3 and outbox == 1
    assert first["assigned"] == {"given": {"qa1": 3}}

