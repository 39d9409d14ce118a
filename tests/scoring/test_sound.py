"""Matching by sound (issue 19): pinyin / fuzzy phrase matching with the short-phrase guard."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scoring import Rubric, load_rubric, score_transcript
from scoring.context import CallContext
from scoring.match import Phrases, hit_note
from scoring.operators import sequence, similar_sentence
from scoring.operators.sequence import SequenceArgs
from scoring.operators.similar_sentence import SimilarSentenceArgs
from scoring.result import Hit
from scoring.sound import encode
from scoring.text import normalise
from tests.conftest import REPO
from transcripts.models import Segment, Transcript


def search(phrases: list[str], text: str, sound: str) -> str | None:
    return Phrases(phrases=tuple(phrases), sound=sound).search(normalise(text))  # type: ignore[arg-type]


@pytest.mark.parametrize(("phrases", "text", "sound", "expected"), [
    (["退款"], "我要推款", "exact", None),
    (["退款"], "我要推款", "pinyin", "♪推款"),            # shares 款: short phrase allowed
    (["核实"], "请问何时到账", "pinyin", None),              # homophone trap: no common character
    (["核实"], "我帮您核实一下", "pinyin", "核实"),          # characters still match first
    (["工号"], "我的宫号是一二三", "pinyin", "♪宫号"),
    (["工信部投诉"], "我要去工信不投诉", "pinyin", "♪工信不投诉"),
    (["验证码"], "您收到的验证麻是多少", "pinyin", "♪验证麻"),  # toneless: ma = ma
    (["销户"], "我想消护", "pinyin", None),                  # two syllables, no common character
    (["几号"], "我的手机号是〔手机号〕", "pinyin", None),     # 机号 inside the word 手机号
    (["投诉"], "我要头素", "pinyin", None),                  # two syllables, no common character
    (["服务态度"], "你们胡务太度太差", "pinyin", None),      # f/h only in fuzzy
    (["服务态度"], "你们胡务太度太差", "fuzzy", "♪胡务太度"),
    (["身份证"], "报一下森份正", "fuzzy", "♪森份正"),        # sh/s and en/eng
])
def test_sound_matching(phrases: list[str], text: str, sound: str, expected: str | None) -> None:
    assert search(phrases, text, sound) == expected


def test_encoding_keeps_positions() -> None:
    text = normalise("您好，工号123")
    assert len(encode(text, "pinyin")) == len(text)
    assert encode(text, "pinyin").endswith("123")


def test_note_says_matched_by_sound() -> None:
    assert hit_note("♪推款") == "命中“推款”（按读音匹配）"
    assert hit_note("退款") == "命中“退款”"


def test_sound_value_is_validated() -> None:
    with pytest.raises(ValidationError, match="exact"):
        Phrases(phrases=("退款",), sound="loud")  # type: ignore[arg-type]


RUBRIC = load_rubric(REPO / "rubrics" / "default.yaml")


def call(*lines: tuple[str, str]) -> Transcript:
    return Transcript(call_id="T", channel="phone", segments=tuple(  # phone: R24 checks phone calls only
        Segment(speaker=s, start=3 * k, end=3 * k + 2, text=t) for k, (s, t) in enumerate(lines)))  # type: ignore[arg-type]


def fired(transcript: Transcript, rubric: Rubric = RUBRIC) -> dict[str, Hit]:
    return {h.indicator: h for h in score_transcript(transcript, rubric).hits}


def test_homophone_trap_verified_by_context() -> None:
    """核实 heard as 何时 in 帮您何时一下 (the rubric's own 帮您核实一下): the identity check counts (R24 quiet)."""
    heard = call(("agent", "好的，我帮您何时一下"), ("customer", "好的"), ("agent", "好的，马上为您退款"))
    assert "R24" not in fired(heard)
    assert "R24" in fired(heard, exact_rubric())  # by characters the check is missed


def test_homophone_trap_when_is_not_verify() -> None:
    """何时 asked by the customer (“when”) is no identity check: R24 still fires."""
    asked = call(("customer", "请问何时能退款"), ("agent", "好的，马上为您退款"))
    assert "R24" in fired(asked)


def test_homophone_trap_verify_is_not_when() -> None:
    """核实 said by the customer is no question about time: R07's anchor (何时) does not match it by sound."""
    assert "R07" not in fired(call(("customer", "你们核实一下吧"), ("agent", "好的"), ("agent", "请您稍等")))
    assert "R07" in fired(call(("customer", "退款何时到账"), ("agent", "好的"), ("agent", "请您稍等")))


def exact_rubric() -> Rubric:
    from bench.bench_sound_examples import set_sound

    rubric = load_rubric(REPO / "rubrics" / "default.yaml")
    set_sound(rubric, "exact")
    return rubric


def test_evidence_points_at_the_heard_characters() -> None:
    hit = fired(call(("customer", "你们再不处理我就去工信不投诉你们")))["R31"]
    assert hit.by_sound and [(m.text, m.by_sound) for m in hit.matches] == [("工信不投诉", True)]
    assert "命中“工信不投诉”（按读音匹配）" in hit.reason
    plain = fired(call(("customer", "我要投诉你们")))["R31"]
    assert not plain.by_sound and [(m.text, m.by_sound) for m in plain.matches] == [("投诉", False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("我宝证没问题", "♪宝证"),
    ("这个我不能宝证", None),       # the negation 不能保证 heard by sound guards it too
    ("我保证，但是不能宝证全部", "保证"),
    ("我不投诉了", None),
])
def test_negation_guards_by_sound(text: str, expected: str | None) -> None:
    phrases = Phrases(phrases=("保证", "投诉"), negated_by=("不能保证", "不投诉"), sound="pinyin")
    assert phrases.search(normalise(text)) == expected


def test_similar_sentence_by_sound() -> None:
    args = SimilarSentenceArgs(examples=("我要退款到银行卡",), similarity=0.9, sound="pinyin")
    ctx = CallContext.build(call(("customer", "我要推宽到因行咖")))
    [finding] = similar_sentence.evaluate(args, ctx)
    assert finding.by_sound and "（按读音匹配）" in finding.note
    exact = SimilarSentenceArgs(examples=("我要退款到银行卡",), similarity=0.9, sound="exact")
    assert similar_sentence.evaluate(exact, ctx) == []


def steps(sound: str) -> SequenceArgs:
    return SequenceArgs.model_validate({"steps": [
        {"name": "问候", "speaker": "agent", "phrases": ["您好"]},
        {"name": "核实", "speaker": "agent", "phrases": ["核实身份"], "sound": sound}]})


def test_sequence_step_by_sound() -> None:
    ctx = CallContext.build(call(("agent", "您好"), ("agent", "我先何时身分")))
    assert sequence.evaluate(steps("pinyin"), ctx) == []
    assert [f.note for f in sequence.evaluate(steps("exact"), ctx)] == ["缺少步骤“核实”"]


def test_regex_by_sound() -> None:
    """R28 is all regexes: 验证马 (the ASR's 验证码) still asks for the code; regexes with <NUM> stay characters."""
    hit = fired(call(("agent", "我给您发了一条短信，请把验证马告诉我")))["R28"]
    assert hit.by_sound and "命中“验证马告诉我”（按读音匹配）" in hit.reason
    assert "R28" not in fired(call(("agent", "请不要把验证马告诉任何人")))  # unless still applies
    rx = Phrases(regex=("<NUM>个工作日",), sound="pinyin")
    assert rx.search(normalise("三个工作日")) == "三个工作日" and rx.search(normalise("三个工作是")) is None


def test_rare_dictionary_words_do_not_block() -> None:
    """补常 for 补偿 after 另外 (另外补 contains the rare word 外补): R26 fires by sound."""
    hit = fired(call(("agent", "好的，现在帮您退款，另外补常您三百元")))["R26"]
    assert hit.by_sound and "（按读音匹配）" in hit.reason
