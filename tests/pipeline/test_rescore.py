"""Rubric versions and re-scoring (D63) on SQLite and PostgreSQL: publish is immutable, the dry run reports and
writes nothing, a real run keeps the old scores, updates open items, queues newly flagged calls and never
touches reviewed ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callqa.cli import main
from callqa.pipeline.rescore import SYSTEM, rescore
from scoring import load_rubric, score_transcript
from storage.db import session_scope
from storage.interactions import register, store_redacted_transcript
from storage.models import Interaction, ReviewItem, Score
from storage.queue import QueueSettings, enqueue
from storage.review import HitVerdict
from storage.review_ops import set_verdict
from storage.scores import store_score
from transcripts.models import Segment, Transcript

V1 = """\
id: small
version: "1"
scorecard: {服务态度: 100}
policy: {escalation_indicator: F1, calibration_share: 0}
indicators:
  - {id: A1, title: 甲, severity: red, dimension: 服务态度, points: 10,
     when: {keyword: {speaker: agent, phrases: [甲]}}}
  - {id: A2, title: 乙, severity: red, dimension: 服务态度, points: 10,
     when: {keyword: {speaker: agent, phrases: [乙]}}}
  - {id: F1, title: 投诉, severity: red, when: {keyword: {speaker: customer, phrases: [投诉]}}}
"""
V2 = V1.replace('version: "1"', 'version: "2"').replace("phrases: [乙]", "phrases: [丙]")
"""Version 2: A2 fires on 丙 instead of 乙."""
DAY = date(2026, 11, 21)
CALLS = {"C-KEEP": "甲", "C-GONE": "乙", "C-NEW": "丙", "C-DONE": "乙", "C-OUT": "乙"}


def _store(db_url: str, path: Path) -> None:
    rubric = load_rubric(path)
    started = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    with session_scope(db_url) as s:
        for n, (call_id, word) in enumerate(CALLS.items()):
            when = started + timedelta(days=3) if call_id == "C-OUT" else started
            inter = register(s, call_id=call_id, content_sha256=f"{n:064d}", kind="transcript",
                             source_name=f"{call_id}.json", run_id=None).interaction
            assert inter is not None
            tr = Transcript(call_id=call_id, channel="phone", started_at=when, queue="售后",
                            segments=(Segment(speaker="agent", start=0.5, end=3, text=f"您好{word}"),))
            store_redacted_transcript(s, inter, tr, None, None)
            enqueue(s, inter, store_score(s, inter, score_transcript(tr, rubric), None), now=started,
                    settings=QueueSettings())
        done = s.scalars(select(ReviewItem).join(Interaction).where(Interaction.call_id == "C-DONE")).one()
        done.status = "resolved"
        gone = s.scalars(select(ReviewItem).join(Interaction).where(Interaction.call_id == "C-GONE")).one()
        set_verdict(s, gone, s.get_one(Score, gone.score_id).hits[0], "confirmed", "", "qa1")


def _publish(db_url: str, path: Path, text: str) -> int:
    path.write_text(text, encoding="utf-8")
    return main(["rubric", "publish", str(path), "--db", db_url])


def test_publish_is_immutable(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.yaml"
    assert _publish(db_url, path, V1) == 0
    assert _publish(db_url, path, V1) == 0
    assert "already published" in capsys.readouterr().out
    assert _publish(db_url, path, V1.replace("[甲]", "[丁]")) == 2
    assert "rubric small version 1 is already recorded with hash" in capsys.readouterr().err
    draft = tmp_path / "draft.yaml"
    draft.write_text(V2, encoding="utf-8")
    assert main(["rubric", "draft", str(draft), "--db", db_url]) == 0
    assert main(["rubric", "versions", "--db", db_url]) == 0
    listed = capsys.readouterr().out
    assert "small            1 " in listed and "published" in listed and "draft" in listed


def test_dry_run_then_rescore(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(V1, encoding="utf-8")
    _store(db_url, path)
    assert _publish(db_url, path, V2) == 0
    dry = rescore(db_url, since=DAY, until=DAY, dry_run=True)
    assert (dry.considered, dry.rescored, dry.kept_reviewed, dry.unchanged) == (4, 3, 1, 0)
    assert dry.newly_flagged == ["C-NEW"] and dry.unflagged == ["C-GONE"]
    assert dict(dry.gained) == {"A2": 1} and dict(dry.lost) == {"A2": 1}
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count(Score.id))) == 5  # nothing written
    assert main(["rescore", "--since", "2026-11-21", "--until", "2026-11-21", "--dry-run", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "would re-score 3" in out and "newly flagged: 1 C-NEW" in out and "A2                 1         1" in out

    real = rescore(db_url, since=DAY, until=DAY)
    assert (real.rescored, real.newly_flagged, real.unflagged) == (3, ["C-NEW"], ["C-GONE"])
    assert rescore(db_url, since=DAY, until=DAY).rescored == 0  # already current
    with session_scope(db_url) as s:
        def item(call_id: str) -> ReviewItem:
            return s.scalars(select(ReviewItem).join(Interaction).where(Interaction.call_id == call_id)).one()

        def scores(call_id: str) -> list[str]:
            return list(s.scalars(select(Score.rubric_version).join(Interaction)
                                  .where(Interaction.call_id == call_id).order_by(Score.id)))

        assert scores("C-GONE") == ["1", "2"] and scores("C-DONE") == ["1"] and scores("C-OUT") == ["1"]
        gone = item("C-GONE")
        assert gone.status == "resolved" and s.get_one(Score, gone.score_id).rubric_version == "2"
        new = item("C-NEW")
        assert new.status == "open" and s.get_one(Score, new.score_id).flagged
        keep = item("C-KEEP")
        assert keep.status == "open" and s.get_one(Score, keep.score_id).rubric_version == "2"
        done = item("C-DONE")
        assert done.status == "resolved" and s.get_one(Score, done.score_id).rubric_version == "1"
        assert s.scalar(select(func.count(HitVerdict.id))) == 1  # C-GONE's A2 hit is gone: nothing to carry
    from storage.review import ReviewAction
    with session_scope(db_url) as s:
        assert s.scalars(select(ReviewAction.actor).where(ReviewAction.action == "rescore")).all() == [SYSTEM] * 2


def test_a_draft_edit_after_publish_changes_nothing(db_url: str, tmp_path: Path) -> None:
    """D130: the published version is rebuilt from its stored text; the edited file is only a draft."""
    path = tmp_path / "small.yaml"
    assert _publish(db_url, path, V1) == 0
    _store(db_url, path)
    path.write_text(V2, encoding="utf-8")
    report = rescore(db_url, since=DAY, until=DAY, dry_run=True)
    assert report.rescored == 0 and report.unchanged == report.considered == 4
