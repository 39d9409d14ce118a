"""The operators beyond phrases: similar sentence, position, call timing, counts, loudness, metadata,
process-flow sequences, and the ``scope`` combinator (role, sentence range, time range, anchor, count)."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import RubricError, score_transcript
from scoring.rubric import build_rubric
from transcripts.models import Segment, Transcript

Line = tuple[str, str] | tuple[str, str, float, float] | tuple[str, str, float, float, float]


def rubric_for(when: dict[str, Any]) -> Any:
    data = {"id": "t", "version": "1", "scorecard": {"a": 100}, "policy": {"escalation_indicator": "X1"},
            "indicators": [{"id": "X1", "title": "测试", "severity": "blue", "dimension": "a", "points": 5,
                            "when": when}]}
    return build_rubric(data, {}, "test.yaml")


def call(*lines: Line, channel: str = "phone", duration: float | None = None, **extra: Any) -> Transcript:
    segs = []
    for n, line in enumerate(lines):
        speaker, text = line[0], line[1]
        start, end = (line[2], line[3]) if len(line) >= 4 else (n * 3.0, n * 3.0 + 2.5)  # type: ignore[misc]
        loud = line[4] if len(line) == 5 else -30.0  # type: ignore[misc]
        segs.append(Segment(speaker=speaker, text=text, start=start, end=end, loudness_db=loud))  # type: ignore[arg-type]
    return Transcript(call_id="T", channel=channel, segments=tuple(segs), duration_s=duration, **extra)  # type: ignore[arg-type]


def fires(when: dict[str, Any], t: Transcript) -> list[int] | None:
    result = score_transcript(t, rubric_for(when))
    return list(result.hits[0].segments) if result.hits else None


def test_similar_sentence() -> None:
    when = {"similar_sentence": {"speaker": "agent", "examples": ["这个问题我们处理不了"], "similarity": 0.85}}
    assert fires(when, call(("agent", "您好"), ("agent", "这个问题我们这边处理不了"))) == [1]
    assert fires(when, call(("agent", "这个问题我们马上处理"), ("customer", "这个问题我们处理不了"))) is None


def test_role_at_position() -> None:
    when = {"role_at_position": {"position": -1, "speaker": "customer"}}
    assert fires(when, call(("agent", "您好"), ("customer", "喂？"))) == [1]
    assert fires(when, call(("customer", "喂"), ("agent", "再见"))) is None
    with pytest.raises(RubricError, match="1-based"):
        rubric_for({"role_at_position": {"position": 0, "speaker": "agent"}})


def test_duration_and_abnormal_hangup() -> None:
    short = call(("agent", "您好"), ("customer", "喂"), duration=6.0)
    assert fires({"duration": {"max_seconds": 10}}, short) == []
    assert fires({"duration": {"max_seconds": 5}}, short) is None
    cut = call(("agent", "您好", 0.0, 2.0), ("customer", "我要问一下那个", 3.0, 6.0), duration=6.3)
    when = {"last_speech_to_end": {"speaker": "customer", "max_seconds": 1, "must_be_last": True}}
    assert fires(when, cut) == [1]
    closed = call(("customer", "好的", 0.0, 2.0), ("agent", "再见", 3.0, 4.0), duration=4.5)
    assert fires(when, closed) is None
    assert score_transcript(call(("agent", "您好"), channel="chat"), rubric_for({"duration": {"max_seconds": 9}})
                            ).not_applicable == ("X1",)


def test_sentence_count() -> None:
    when = {"sentence_count": {"speaker": "agent", "max": 1}}
    assert fires(when, call(("agent", "嗯"), ("customer", "喂"), ("customer", "在吗"))) == []
    assert fires(when, call(("agent", "嗯"), ("agent", "您说"))) is None


def test_loudness_swing() -> None:
    when = {"loudness_swing": {"speaker": "customer", "min_db": 8}}
    t = call(("customer", "我问一下", 0, 2, -32.0), ("customer", "好的", 3, 4, -31.0),
             ("customer", "什么东西", 5, 6, -30.0), ("customer", "你们到底管不管", 7, 9, -18.0))
    assert fires(when, t) == [3]
    calm = call(*[("customer", "嗯", n, n + 1, -30.0 - n % 2) for n in range(4)])
    assert fires(when, calm) is None


def test_metadata() -> None:
    assert fires({"metadata": {"field": "queue", "in": ["信用卡"]}}, call(("agent", "您好"), queue="信用卡")) == []
    assert fires({"metadata": {"field": "metadata.call_type", "equals": "outbound"}},
                 call(("agent", "您好"), metadata={"call_type": "inbound"})) is None
    with pytest.raises(RubricError, match="exactly one"):
        rubric_for({"metadata": {"field": "queue"}})


FLOW = {"sequence": {"trigger": "办理", "steps": [
    {"name": "问候", "speaker": "agent", "phrases": ["您好"]},
    {"name": "核实身份", "speaker": "agent", "phrases": ["核实", "身份证后四位"]},
    {"name": "办理", "speaker": "agent", "phrases": ["已为您办理", "帮您挂失"]},
    {"name": "结束语", "speaker": "agent", "phrases": ["再见"]},
]}}


def test_sequence_in_order_passes() -> None:
    t = call(("agent", "您好"), ("agent", "先核实一下身份"), ("agent", "已为您办理挂失"), ("agent", "再见"))
    assert fires(FLOW, t) is None


def test_sequence_out_of_order_and_missing() -> None:
    t = call(("agent", "您好"), ("agent", "已为您办理挂失"), ("agent", "再核实一下身份"))
    result = score_transcript(t, rubric_for(FLOW))
    assert list(result.hits[0].segments) == [1, 2]
    assert "缺少步骤“结束语”" in result.hits[0].reason and "出现在“核实身份”" in result.hits[0].reason


def test_sequence_trigger_absent_means_not_required() -> None:
    assert fires(FLOW, call(("agent", "您好"), ("customer", "问个问题"), ("agent", "再见"))) is None


def kw(*phrases: str, speaker: str = "any") -> dict[str, Any]:
    return {"keyword": {"speaker": speaker, "phrases": list(phrases)}}


def test_scope_sentence_range_from_the_end() -> None:
    when = {"scope": {"sentences": [-2, -1], "when": kw("投诉")}}
    assert fires(when, call(("customer", "我要投诉"), ("agent", "抱歉"), ("customer", "好吧"))) is None
    assert fires(when, call(("customer", "你好"), ("agent", "抱歉"), ("customer", "我要投诉"))) == [2]


def test_scope_time_range_and_speaker() -> None:
    when = {"scope": {"speaker": "agent", "time": [0, 10], "when": kw("稍等")}}
    t = call(("agent", "请稍等", 2, 3), ("customer", "稍等什么", 4, 5), ("agent", "稍等", 20, 21))
    assert fires(when, t) == [0]


def test_scope_anchor_after_and_count() -> None:
    when = {"scope": {"anchor": kw("太差了", speaker="customer"), "position": "after", "within": 2,
                      "speaker": "agent", "when": kw("抱歉")}}
    apologised = call(("customer", "太差了"), ("agent", "非常抱歉"), ("customer", "哼"))
    late = call(("customer", "太差了"), ("agent", "嗯"), ("agent", "哦"), ("agent", "抱歉"))
    assert fires(when, apologised) == [1]
    assert fires(when, late) is None
    twice = {"scope": {"min_count": 2, "when": kw("抱歉", speaker="agent")}}
    assert fires(twice, call(("agent", "抱歉"), ("agent", "抱歉了"))) == [0, 1]
    assert fires(twice, call(("agent", "抱歉"), ("agent", "好"))) is None


def test_scope_errors_name_the_field() -> None:
    with pytest.raises(RubricError) as err:
        rubric_for({"scope": {"sentences": [0, 2], "when": {"nope": {}}}})
    text = str(err.value)
    assert "when.scope.sentences" in text and "unknown operator 'nope'" in text


def test_keyword_require_all_and_exclusion_regex() -> None:
    both = {"keyword": {"speaker": "agent", "phrases": ["退款", "今天"], "require": "all"}}
    assert fires(both, call(("agent", "今天给您退款"))) == [0]
    assert fires(both, call(("agent", "给您退款"), ("agent", "今天不行"))) is None
    excl = {"keyword": {"speaker": "agent", "phrases": ["保证"], "unless_regex": ["不(能|敢)保证"]}}
    assert fires(excl, call(("agent", "我保证到账"))) == [0]
    assert fires(excl, call(("agent", "这个我不敢保证"))) is None
    with pytest.raises(RubricError, match="does not compile"):
        rubric_for({"keyword": {"phrases": ["x"], "unless_regex": ["("]}})


def test_pass_threshold() -> None:
    low = rubric_for({"keyword": {"phrases": ["差"]}})
    assert score_transcript(call(("agent", "好")), low).passed
    data = {"id": "t", "version": "1", "scorecard": {"a": 100}, "policy": {"escalation_indicator": "X1",
                                                                          "pass_score": 99},
            "indicators": [{"id": "X1", "title": "测试", "severity": "blue", "dimension": "a", "points": 5,
                            "when": {"keyword": {"phrases": ["差"]}}}]}
    strict = build_rubric(data, {}, "t.yaml")
    result = score_transcript(call(("agent", "差")), strict)
    assert result.score == 95 and not result.passed
