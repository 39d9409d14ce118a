"""response_latency: the party replies more than ``max_seconds`` after the other party, ``min_count`` times."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel


class ResponseLatencyArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "agent"
    max_seconds: float = Field(default=6.0, gt=0)
    min_count: int = Field(default=3, ge=1)


def evaluate(args: ResponseLatencyArgs, ctx: CallContext) -> list[Finding]:
    segs, late = ctx.segments, []
    for i in ctx.of(args.speaker)[:]:
        prev = i - 1
        if prev < 0 or segs[prev].speaker in (segs[i].speaker, "system"):
            continue
        delay = segs[i].start - segs[prev].end
        if delay > args.max_seconds:
            late.append((i, delay))
    if len(late) < args.min_count:
        return []
    delays = "、".join(f"{d:.1f}" for _, d in late)
    measure = f"{len(late)} 次回应超过 {args.max_seconds:g} 秒（{delays} 秒）"
    return [Finding(tuple(i for i, _ in late), note=measure, measure=measure)]
