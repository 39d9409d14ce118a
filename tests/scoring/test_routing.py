"""Rubric routing by queue, and rubrics that extend a base rubric."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import RubricError, load_rubric, load_rubrics, score_transcript
from tests.conftest import REPO
from transcripts.models import Segment, Transcript

LOST_CARD = [("agent", "您好，很高兴为您服务"), ("customer", "我的卡丢了"), ("agent", "好的，已经帮您挂失了"),
             ("agent", "感谢您的来电，再见")]


def call(queue: str | None) -> Transcript:
    return Transcript(call_id="Q1", queue=queue, segments=tuple(
        Segment(speaker=sp, start=2.0 * n, end=2.0 * n + 1.5, text=tx) for n, (sp, tx) in enumerate(LOST_CARD)))  # type: ignore[arg-type]


def test_queue_picks_the_rubric() -> None:
    rubrics = load_rubrics(REPO / "rubrics" / "routing.yaml")
    card = score_transcript(call("信用卡"), rubrics.for_queue("信用卡"))
    other = score_transcript(call("售后"), rubrics.for_queue("售后"))
    assert card.rubric_id == "callqa-credit-card" and "P01" in [h.indicator for h in card.hits]
    assert other.rubric_id == "default" and "P01" not in [h.indicator for h in other.hits]
    assert rubrics.for_queue(None) is rubrics.default
    assert card.rubric_hash != other.rubric_hash


def test_extends_inherits_indicators_and_examples() -> None:
    base, card = load_rubric(REPO / "rubrics" / "default.yaml"), load_rubric(REPO / "rubrics" / "credit_card.yaml")
    assert [i.id for i in card.indicators] == [*(i.id for i in base.indicators), "P01"]
    assert card.scorecard == base.scorecard
    r14 = next(i for i in card.indicators if i.id == "R14")
    assert len(r14.spec.examples.fires) >= 3  # the base's example files come along


def test_extends_override_and_errors_point_at_the_child(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text((REPO / "rubrics" / "default.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    (tmp_path / "child.yaml").write_text(
        "id: c\nversion: '1'\nextends: base.yaml\nindicators:\n"
        "  - {id: R14, title: 改写, severity: yellow, dimension: 服务态度, points: 1,\n"
        "     when: {keyword: {speaker: agent, phrases: [随便]}}}\n"
        "  - {id: X1, title: 新, severity: blue, dimension: 不存在, points: 1, when: {keyword: {phrases: [x]}}}\n",
        encoding="utf-8")
    with pytest.raises(RubricError) as err:
        load_rubric(tmp_path / "child.yaml")
    assert f"{tmp_path / 'child.yaml'}:7 indicator X1 dimension" in str(err.value)
    (tmp_path / "child.yaml").write_text(
        "id: c\nversion: '1'\nextends: base.yaml\nindicators:\n"
        "  - {id: R14, title: 改写, severity: yellow, dimension: 服务态度, points: 1,\n"
        "     when: {keyword: {speaker: agent, phrases: [随便]}}}\n", encoding="utf-8")
    child = load_rubric(tmp_path / "child.yaml")
    r14 = next(i for i in child.indicators if i.id == "R14")
    base = load_rubric(tmp_path / "base.yaml")
    assert r14.spec.severity == "yellow"
    assert [i.id for i in child.indicators] == [i.id for i in base.indicators]  # overridden in place, none added


def test_circular_extends(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\nversion: '1'\nextends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: b\nversion: '1'\nextends: a.yaml\n", encoding="utf-8")
    with pytest.raises(RubricError, match="circular extends"):
        load_rubric(tmp_path / "a.yaml")


def test_routing_file_errors(tmp_path: Path) -> None:
    (tmp_path / "routing.yaml").write_text("default: nope.yaml\n", encoding="utf-8")
    with pytest.raises(RubricError, match="cannot read rubric"):
        load_rubrics(tmp_path / "routing.yaml")
    (tmp_path / "routing.yaml").write_text("default: x.yaml\nqueue: {}\n", encoding="utf-8")
    with pytest.raises(RubricError, match=r"routing\.yaml:2 queue"):
        load_rubrics(tmp_path / "routing.yaml")
