"""The silence operator: gaps between sentences, and voiceless stretches by channel energy (D170)."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import score_transcript
from scoring.rubric import build_rubric
from transcripts.models import Segment, Transcript, Word

HOLD = {"silence": {"min_seconds": 8, "after_speaker": "agent", "exempt": {"phrases": ["请稍等", "我帮您查一下"]}}}
LONG = {"silence": {"min_seconds": 15}}


def rubric_for(when: dict[str, Any]) -> Any:
    data = {"id": "t", "version": "1", "scorecard": {"a": 100}, "policy": {"escalation_indicator": "X1"},
            "indicators": [{"id": "X1", "title": "测试", "severity": "blue", "dimension": "a", "points": 5,
                            "when": when}]}
    return build_rubric(data, {}, "test.yaml")


def seg(speaker: str, text: str, start: float, end: float, first_word_end: float | None = None) -> Segment:
    """A sentence whose first word spans ``start``–``first_word_end`` (default: 0.4 s) and the rest after it."""
    cut = first_word_end if first_word_end is not None else start + 0.4
    words = (Word(text=text[:2], start=start, end=cut), Word(text=text[2:] or "。", start=cut, end=end))
    return Segment(speaker=speaker, text=text, start=start, end=end, words=words)


# E2E-04 at 8 kHz: the agent's 好的 (said at 22.4–22.9 s) stamped at 38.6 s, glued to its next turn.
MOVED = (seg("agent", "您是要把宽带升级到五百兆对吗", 17.5, 20.5), seg("customer", "是的", 21.2, 21.7),
         seg("agent", "好的已经为您办理提速明天零点生效", 38.6, 42.3, 39.0), seg("customer", "好的谢谢", 43.0, 44.1))
STRETCH = ((0.0, 7.3), (22.9, 39.2))
# the same call as designed: the agent's 好的 in place, then the voiceless 16 s
PLACED = (*MOVED[:2], seg("agent", "好的", 22.4, 22.9),
          seg("agent", "已经为您办理提速明天零点生效", 39.2, 42.3), MOVED[3])
# a notice 请稍等 moved across the silence excuses it like a notice in place
NOTICE = (*MOVED[:2], seg("agent", "请稍等已经为您办理提速明天零点生效", 38.6, 42.3, 39.0), MOVED[3])
# the customer's own sentence runs up to the stretch: no unheard voice, so the agent's word is not moved there
COVERED = (MOVED[0], seg("customer", "是的", 21.2, 22.8), *MOVED[2:])
# an invented sentence inside a voiceless 12 s stretch does not break it
INVENTED = (seg("agent", "我这边看一下记录", 2.0, 4.0), seg("agent", "谢谢观看", 9.0, 10.0),
            seg("agent", "您的退款已经受理了", 16.5, 18.0))


def call(segments: tuple[Segment, ...], silences: tuple[tuple[float, float], ...] | None) -> Transcript:
    return Transcript(call_id="T", segments=segments, voice_silences=silences)


def found(when: dict[str, Any], t: Transcript) -> list[tuple[tuple[int, ...], str]]:
    """(sentences, measure) of each silence, from the hit's segments and the evidence's last line."""
    result = score_transcript(t, rubric_for(when))
    return [(h.segments, h.evidence.splitlines()[-1]) for h in result.hits]


@pytest.mark.parametrize(("when", "segments", "silences", "expected"), [
    # without voice_silences (chats, delivered transcripts, calls before migration 0020): sentences alone
    (HOLD, MOVED, None, []),
    (LONG, MOVED, None, [((1, 2), "静音 16.9 秒（21.7–38.6 秒）")]),
    (HOLD, PLACED, None, [((2, 3), "静音 16.3 秒（22.9–39.2 秒）")]),
    # with them: the moved word puts the silence after the agent's turn
    (HOLD, MOVED, STRETCH, [((2,), "静音 16.3 秒（22.9–39.2 秒，按声音能量）")]),
    (HOLD, PLACED, STRETCH, [((2, 3), "静音 16.3 秒（22.9–39.2 秒）")]),
    (HOLD, NOTICE, STRETCH, []),
    (HOLD, COVERED, STRETCH, []),
    # one silence, found by both sources, is reported once (the sentences' reading)
    (LONG, MOVED, STRETCH, [((1, 2), "静音 16.9 秒（21.7–38.6 秒）")]),
    (HOLD, INVENTED, None, []),
    (HOLD, INVENTED, ((4.2, 16.4),), [((0, 2), "静音 12.2 秒（4.2–16.4 秒，按声音能量）")]),
    # stretches before the first and after the last sentence are not silences in the call
    (HOLD, INVENTED, ((0.0, 1.9), (18.2, 40.0)), []),
])
def test_silence(when: dict[str, Any], segments: tuple[Segment, ...],
                 silences: tuple[tuple[float, float], ...] | None, expected: list[Any]) -> None:
    assert found(when, call(segments, silences)) == expected
