"""Table test for names without a cue: which spans the scored candidate model redacts, and what it leaves."""

from __future__ import annotations

import math

import pytest

from transcripts.redaction.detectors.name_lexicon import build
from transcripts.redaction.detectors.names_uncued import UncuedNameDetector
from transcripts.redaction.engine import build_redactor

REDACTOR = build_redactor()

DETECTOR = UncuedNameDetector()

POSITIVE = [
    ("国务院总理李鹏会见了代表团", "李鹏"),
    ("陈晓东", "陈晓东"),
    ("宋丽宏说这个不行", "宋丽宏"),
]
NEGATIVE = [
    "我们从这方面来看",
    "他很高兴地说",
    "黄河流域发大水",
    "退到这张卡上吧",
    "买了一张卡",
    "我在俄罗斯旅游",
    "高速公路堵车",
    "温馨提示：请保管好发票",
    "明天送到华为门店",
    "江苏省南京市鼓楼区",
    "一共是两百三十元",
    "安全第一",
    "常规快递三到五天",
    "明白",  # standing alone, but ordinary words
    "好的 方便",
    "金额 多少",
    "安装 师傅",
]
KNOWN_MISSES = [
    ("张卫国表示同意", "张卫国"),  # score 4.9: 卫国 is an ordinary word; below the precision-first threshold
    ("谭振林说，要抓紧", "谭振林"),  # 7.2
    ("克林顿访华", "克林顿"),  # transliterated names have no surname
]


@pytest.mark.parametrize(("text", "name"), POSITIVE)
def test_finds_name_with_offsets_into_the_text(text: str, name: str) -> None:
    found = DETECTOR.detect(text, [])
    assert [(c.start, c.end, c.type) for c in found] == [(text.index(name), text.index(name) + len(name),
                                                          "PERSON_NAME")]
    assert "〔" in REDACTOR.redact_text(text).text


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_ordinary_words(text: str) -> None:
    assert DETECTOR.detect(text, []) == []


@pytest.mark.parametrize(("text", "name"), KNOWN_MISSES)
def test_known_misses_stay_recorded(text: str, name: str) -> None:
    """Gaps are recorded, not hidden: when one starts passing, move it to POSITIVE."""
    assert all(text[c.start:c.end] != name for c in DETECTOR.detect(text, []))


def test_lexicon_scores_are_log_ratios_against_the_background() -> None:
    lines = ["王 10 nr", "方面 100 n", "王刚 5 nr", "刚才 50 d"]
    emit = {("B", "nr"): {"王": -0.1}, ("M", "nr"): {"刚": -1.0}, ("E", "nr"): {"刚": -0.5}}
    lex = build(lines, emit)
    assert lex.words == pytest.approx({"方面": 4.615, "刚才": 3.932}, abs=1e-3)
    assert lex.surname["王"] > 0 > lex.given_score("面")
    assert lex.given_score("刚") == pytest.approx(-0.5 - lex_background(lines, "刚"))


def lex_background(lines: list[str], char: str) -> float:
    counts: dict[str, int] = {}
    for line in lines:
        word, freq, _ = line.split()
        for c in word:
            counts[c] = counts.get(c, 0) + int(freq)
    return math.log(counts[char] / sum(counts.values()))


@pytest.mark.parametrize(("text", "name"), [
    ("五星好评 姜静", "姜静"),  # a name standing alone (chat signature): alone_bonus lifts it to the tagger
    ("白伟，这边正在系统检查", "白伟"),
])
def test_names_standing_alone_are_redacted(text: str, name: str) -> None:
    spans = [(s.start, s.end) for s in REDACTOR.redact_text(text).spans if s.type == "PERSON_NAME"]
    assert spans == [(text.index(name), text.index(name) + len(name))]
