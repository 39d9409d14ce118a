"""Guards against Whisper's two classic failure modes on call audio.

1. **Repetition loops**: the decoder gets stuck and emits the same n-gram many times
   ("好的好的好的好的…"). A loop is cut back to its first two occurrences and the segment is flagged.
2. **Hallucinated boiler-plate on silence/noise**: phrases learnt from subtitled videos
   ("谢谢观看", "字幕由…提供", "请不吝点赞订阅") appear when nobody speaks. They are dropped when the
   decoder itself was unsure there was speech (high no-speech probability or low log-probability).

Pure functions on text so they are table-tested without a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.asr.pauses import split_on_pauses
from transcripts.asr.types import RawSegment
from transcripts.models import Word

HALLUCINATION_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (
    r"谢谢(大家)?(收看|观看)",
    r"字幕(由|提供|制作|志愿者)",
    r"(请)?不吝点赞",
    r"点赞.{0,4}订阅",
    r"订阅.{0,6}(频道|转发|打赏)",
    r"明镜(与|和)?点点",
    r"本期(节目|视频)",
    r"下期(再见|见)",
    r"优优独播剧场",
    r"YoYo Television Series",
))
"""Text that real callers and agents practically never say, but Whisper invents on silence."""

MIN_LOOP_REPEATS = 4
"""An n-gram occurring this many times back to back is a loop (3 is still plausible speech: 好好好)."""


@dataclass(frozen=True)
class GuardResult:
    text: str
    flags: tuple[str, ...] = ()


def cut_repetition_loop(text: str, *, min_repeats: int = MIN_LOOP_REPEATS, max_unit: int = 12) -> GuardResult:
    """Cut the first run of ``min_repeats``+ back-to-back copies of a 1–``max_unit`` character unit.

    The unit is kept twice (a real "好的好的" survives) and everything after the loop is kept.
    """
    for unit_len in range(1, max_unit + 1):
        pattern = re.compile(rf"(.{{{unit_len}}})\1{{{min_repeats - 1},}}", re.DOTALL)
        match = pattern.search(text)
        if match is None:
            continue
        unit = match.group(1)
        if unit_len == 1 and not unit.strip():
            continue  # runs of spaces are not a decoder loop
        cut = text[:match.start()] + unit * 2 + text[match.end():]
        return GuardResult(cut, ("repetition_loop",))
    return GuardResult(text)


def is_hallucination(text: str, *, no_speech_prob: float, avg_logprob: float) -> bool:
    """True when a segment is boiler-plate AND the decoder doubted it heard speech."""
    if not any(p.search(text) for p in HALLUCINATION_PATTERNS):
        return False
    return no_speech_prob > 0.3 or avg_logprob < -0.7 or len(text) <= 12


def finish_segment(text: str, words: tuple[Word, ...], start: float, end: float) -> list[RawSegment]:
    """One decoded segment → utterances: cut decoder loops, then split at long pauses between words.

    Shared by every engine so they post-process identically.
    """
    guarded = cut_repetition_loop(text)
    if guarded.flags or not words:
        # word timings no longer match a cut text; keep the segment whole
        return [RawSegment(start=round(start, 2), end=round(max(end, start), 2), text=guarded.text, words=(),
                           flags=guarded.flags)]
    return [RawSegment(start=part[0].start, end=max(part[-1].end, part[0].start),
                       text="".join(w.text for w in part), words=part)
            for part in split_on_pauses(words)]
