"""Role assignment for mono calls: cue table, voice→role mapping, the confidence formula, the text fallback."""

from __future__ import annotations

import math

import pytest

from transcripts.roles import (
    FIRST_VOICE_PRIOR,
    MAX_CUE_PER_SEGMENT,
    TEXT_ALTERNATION_CONFIDENCE,
    TEXT_CUE_CONFIDENCE,
    cue_log_odds,
    roles_by_text,
    roles_by_voice,
    voice_zero_is_agent,
)


@pytest.mark.parametrize(("text", "sign"), [
    ("您好，工号一零二三，很高兴为您服务，请问有什么可以帮您？", 1),
    ("好的，我帮您查一下，请您稍等。", 1),
    ("感谢您的来电，再见。", 1),
    ("我想投诉你们的快递员。", -1),
    ("为什么还没有退款，怎么回事？", -1),
    ("Thankyouforcalling, how can I help?", 1),   # the ASR drops spaces in English; cues still match
    ("I need to change my booking.", -1),
    ("好的。", 0),
    ("嗯。", 0),
])
def test_cue_sign(text: str, sign: int) -> None:
    score = cue_log_odds(text)
    assert (score > 0) - (score < 0) == sign


def test_one_utterance_cannot_outweigh_the_call() -> None:
    long_greeting = "您好，工号一零二三，很高兴为您服务，请问有什么可以帮您？感谢您的来电，还有什么可以帮您"
    assert cue_log_odds(long_greeting) == MAX_CUE_PER_SEGMENT


def test_the_voice_that_gives_a_work_number_is_the_agent() -> None:
    texts = ["喂，你好。", "您好，工号一零二三，很高兴为您服务。", "我想查一下话费。", "好的，请您稍等。"]
    assert voice_zero_is_agent(texts, [0, 1, 0, 1]) < 0.1  # voice 0 spoke first, but the cues win


def test_without_cues_the_first_voice_is_probably_the_agent() -> None:
    p = voice_zero_is_agent(["嗯。", "嗯。"], [0, 1])
    assert p == pytest.approx(1 / (1 + math.exp(-FIRST_VOICE_PRIOR)))


def test_role_confidence_is_the_probability_that_the_role_is_right() -> None:
    texts = ["您好，工号一零二三，很高兴为您服务。", "我想查一下话费。", "好的，请您稍等。", "嗯。"]
    out = roles_by_voice(texts, [0, 1, 0, 1], [0.95, 0.9, 0.5, 0.99])
    assert [s for s, _ in out] == ["agent", "customer", "agent", "customer"]
    p_map = voice_zero_is_agent(texts, [0, 1, 0, 1])
    assert out[0][1] == pytest.approx(p_map * 0.95 + (1 - p_map) * 0.05, abs=1e-3)
    assert out[2][1] == pytest.approx(0.5, abs=1e-3)  # an utterance whose voice is a coin toss


def test_text_fallback_uses_cues_then_alternation_at_pauses() -> None:
    texts = ["您好，工号一零二三。", "我的宽带坏了。", "好的。", "那什么时候修好？", "嗯，还有，"]
    times = [(0.0, 2.0), (2.8, 4.0), (5.0, 5.5), (6.5, 8.0), (8.1, 9.0)]
    out = roles_by_text(texts, times)
    assert [s for s, _ in out] == ["agent", "customer", "agent", "customer", "customer"]
    assert out[0][1] == TEXT_CUE_CONFIDENCE and out[2][1] == TEXT_ALTERNATION_CONFIDENCE
