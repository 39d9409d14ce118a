"""Decoder-loop and silence-hallucination guards: table tests, plus the real model on silence and noise."""

from __future__ import annotations

import numpy as np
import pytest

from transcripts.asr.guards import cut_repetition_loop, is_hallucination


@pytest.mark.parametrize(("text", "expected", "flagged"), [
    ("好的好的好的好的好的好的好的好的", "好的好的", True),
    ("您好请问您好请问您好请问您好请问您好请问有什么可以帮您", "您好请问您好请问有什么可以帮您", True),
    ("嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯", "嗯嗯", True),
    ("好好好，我知道了", "好好好，我知道了", False),  # three repeats is still speech
    ("好的好的，没问题", "好的好的，没问题", False),
    ("我的手机号是一三八一二三四五六七八", "我的手机号是一三八一二三四五六七八", False),
    ("", "", False),
])
def test_repetition_loop_is_cut_and_flagged(text: str, expected: str, flagged: bool) -> None:
    result = cut_repetition_loop(text)
    assert result.text == expected
    assert bool(result.flags) is flagged


@pytest.mark.parametrize(("text", "no_speech", "logprob", "dropped"), [
    ("谢谢观看", 0.1, -0.2, True),                       # short boiler-plate: always dropped
    ("请不吝点赞 订阅 转发 打赏支持明镜与点点栏目", 0.6, -0.3, True),
    ("字幕由Amara.org社区提供", 0.5, -0.9, True),
    ("谢谢您的耐心等待，我们会尽快为您处理这个退款申请的", 0.05, -0.2, False),  # not boiler-plate
    ("好的谢谢观看我们的产品介绍视频之后您再来电也可以的", 0.05, -0.2, False),  # confident, long: kept
])
def test_hallucinated_boilerplate(text: str, no_speech: float, logprob: float, dropped: bool) -> None:
    assert is_hallucination(text, no_speech_prob=no_speech, avg_logprob=logprob) is dropped


@pytest.mark.model
@pytest.mark.parametrize("narrowband", [False, True], ids=["16k", "8k-vad"])
@pytest.mark.parametrize("kind", ["silence", "noise", "hum"])
def test_real_model_invents_no_text_on_non_speech(kind: str, narrowband: bool) -> None:
    """Also with the lower VAD threshold used for telephone-band recordings."""
    from callqa.config import Settings
    from transcripts.asr.engine import CallHints, get_engine

    rng = np.random.default_rng(7)
    n = 16000 * 40
    if kind == "silence":
        audio = np.zeros(n, dtype=np.float32)
    elif kind == "noise":
        audio = (0.02 * rng.standard_normal(n)).astype(np.float32)
    else:  # 50 Hz mains hum with a little hiss, a common line fault
        t = np.arange(n) / 16000
        audio = (0.05 * np.sin(2 * np.pi * 50 * t) + 0.003 * rng.standard_normal(n)).astype(np.float32)
    segments = get_engine(Settings.load().asr).transcribe(audio, CallHints(narrowband=narrowband))
    assert [s.text for s in segments] == []


def test_segments_split_at_long_pauses_between_words() -> None:
    from transcripts.asr.guards import finish_segment
    from transcripts.models import Word

    words = (Word(text="您好，", start=0.4, end=1.0), Word(text="很高兴为您服务。", start=1.1, end=3.0),
             Word(text="随便", start=8.9, end=9.5), Word(text="你。", start=9.5, end=10.0))
    parts = finish_segment("您好，很高兴为您服务。随便你。", words, 0.4, 10.0)
    assert [(p.start, p.end, p.text) for p in parts] == [(0.4, 3.0, "您好，很高兴为您服务。"), (8.9, 10.0, "随便你。")]
    looped = finish_segment("好的" * 8, words, 0.0, 4.0)
    assert [(p.text, p.flags, p.words) for p in looped] == [("好的好的", ("repetition_loop",), ())]
