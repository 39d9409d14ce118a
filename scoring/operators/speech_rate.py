"""speech_rate: the party's average rate over sentences of ``min_chars``+ exceeds ``max_cpm`` characters/minute."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel
from scoring.text import spoken_count


class SpeechRateArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "agent"
    max_cpm: float = Field(default=300, gt=0)
    min_chars: int = Field(default=8, ge=1)


def evaluate(args: SpeechRateArgs, ctx: CallContext) -> list[Finding]:
    chars, seconds, used = 0, 0.0, []
    for i in ctx.of(args.speaker):
        seg, n = ctx.segments[i], spoken_count(ctx.texts[i])
        if n >= args.min_chars and seg.end > seg.start:
            chars, seconds = chars + n, seconds + seg.end - seg.start
            used.append((n * 60 / (seg.end - seg.start), i))
    if not seconds or chars * 60 / seconds <= args.max_cpm:
        return []
    rate = chars * 60 / seconds
    fastest = tuple(sorted(i for _, i in sorted(used, reverse=True)[:3]))
    measure = f"平均语速 {rate:.0f} 字/分（上限 {args.max_cpm:g}）"
    return [Finding(fastest, note=measure, measure=measure)]
