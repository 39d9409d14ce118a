"""The ``sound`` setting (issue 19): per rubric, indicator and phrase block (phrase > indicator > rubric >
default), validated with file:line errors, and applied by every phrase operator."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import RubricError, load_rubric, score_transcript
from scoring.conditions import OpNode
from scoring.match import Phrases
from scoring.operators.anchor_not_before import AnchorNotBeforeArgs
from scoring.rubric import Rubric
from scoring.sound import DEFAULT_SOUND
from transcripts.models import Segment, Transcript

HEAD = """\
id: t
version: 1
scorecard: {{响应速度: 20, 问题解决: 30, 服务态度: 25, 专业能力: 25}}
policy: {{escalation_indicator: R01}}
{rubric_sound}indicators:
  - id: R01
    title: 退款
    severity: red
{indicator_sound}    when:
      keyword: {{speaker: customer, phrases: [退款]{phrase_sound}}}
"""


def rubric(tmp_path: Path, rubric_sound: str = "", indicator_sound: str = "", phrase_sound: str = "") -> Rubric:
    path = tmp_path / "r.yaml"
    path.write_text(HEAD.format(rubric_sound=f"sound: {rubric_sound}\n" if rubric_sound else "",
                                indicator_sound=f"    sound: {indicator_sound}\n" if indicator_sound else "",
                                phrase_sound=f", sound: {phrase_sound}" if phrase_sound else ""), encoding="utf-8")
    return load_rubric(path)


def block(r: Rubric) -> Phrases:
    node = r.indicators[0].when
    assert isinstance(node, OpNode) and isinstance(node.args, Phrases)
    return node.args


@pytest.mark.parametrize(("rubric_sound", "indicator_sound", "phrase_sound", "expected"), [
    ("", "", "", DEFAULT_SOUND),
    ("exact", "", "", "exact"),
    ("exact", "fuzzy", "", "fuzzy"),
    ("exact", "fuzzy", "pinyin", "pinyin"),
    ("", "", "exact", "exact"),
    ("fuzzy", "", "exact", "exact"),
])
def test_inheritance(tmp_path: Path, rubric_sound: str, indicator_sound: str, phrase_sound: str,
                     expected: str) -> None:
    assert block(rubric(tmp_path, rubric_sound, indicator_sound, phrase_sound)).sound == expected


def test_inherited_setting_reaches_nested_blocks(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(HEAD.format(rubric_sound="sound: exact\n", indicator_sound="", phrase_sound="")
                    .replace("      keyword: {speaker: customer, phrases: [退款]}",
                             "      anchor_not_before:\n        anchor: {phrases: [退款]}\n"
                             "        before: {phrases: [核实], sound: fuzzy}"), encoding="utf-8")
    node = load_rubric(path).indicators[0].when
    assert isinstance(node, OpNode) and isinstance(node.args, AnchorNotBeforeArgs)
    assert (node.args.anchor.sound, node.args.before.sound) == ("exact", "fuzzy")


def score(r: Rubric, text: str) -> list[str]:
    call = Transcript(call_id="S", channel="chat", segments=(Segment(speaker="customer", start=0, end=0, text=text),))
    return [h.reason for h in score_transcript(call, r).hits]


def test_setting_changes_matching(tmp_path: Path) -> None:
    assert score(rubric(tmp_path, "exact"), "我要推款") == []
    assert score(rubric(tmp_path, "exact", phrase_sound="pinyin"), "我要推款") == ["退款：命中“推款”（按读音匹配）"]


@pytest.mark.parametrize(("where", "message"), [
    ("rubric", "r.yaml:5 sound: 'loud' is not one of exact, pinyin, fuzzy"),
    ("indicator", "r.yaml:9 indicator R01 sound: 'loud' is not one of exact, pinyin, fuzzy"),
    ("phrase", "r.yaml:10 indicator R01 when.keyword.sound: 'loud' is not one of exact, pinyin, fuzzy"),
])
def test_bad_value_names_file_line_and_allowed_values(tmp_path: Path, where: str, message: str) -> None:
    with pytest.raises(RubricError) as info:
        rubric(tmp_path, **{f"{where}_sound": "loud"})
    rendered = [i.render().removeprefix(str(tmp_path) + "/") for i in info.value.issues]
    assert rendered == [message]
