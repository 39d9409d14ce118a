"""first_speech_latency: the party's first sentence starts later than ``max_seconds`` after call start."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel


class FirstSpeechArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "agent"
    max_seconds: float = Field(default=5.0, gt=0)


def evaluate(args: FirstSpeechArgs, ctx: CallContext) -> list[Finding]:
    idx = ctx.of(args.speaker)
    if not idx:
        return []
    start = ctx.segments[idx[0]].start
    if start <= args.max_seconds:
        return []
    return [Finding((idx[0],), note=f"接通后 {start:.1f} 秒才开口（上限 {args.max_seconds:g} 秒）",
                    measure=f"首次开口 {start:.1f} 秒")]
