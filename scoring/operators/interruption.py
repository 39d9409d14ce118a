"""interruption: the party starts while the other still speaks (overlap ≥ ``min_overlap`` s), ``min_count`` times."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel


class InterruptionArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "agent"
    interrupted: SpeakerSel = "customer"
    min_overlap: float = Field(default=1.0, gt=0)
    min_count: int = Field(default=2, ge=1)


def evaluate(args: InterruptionArgs, ctx: CallContext) -> list[Finding]:
    segs, cuts = ctx.segments, []
    others = ctx.of(args.interrupted)
    starts = [segs[j].start for j in others]
    reach = list(accumulate((segs[j].end for j in others), max))  # latest end among others[:k+1]
    for i in ctx.of(args.speaker):
        p = bisect_left(starts, segs[i].start)  # others[:p] start before sentence i
        if p == 0 or reach[p - 1] - segs[i].start < args.min_overlap:
            continue  # nobody of the other party is still talking when i starts
        for j in others[:p]:
            if j == i:
                continue
            overlap = min(segs[j].end, segs[i].end) - segs[i].start
            if overlap >= args.min_overlap:
                cuts.append((j, i, overlap))
                break
    if len(cuts) < args.min_count:
        return []
    measure = "；".join(f"{segs[i].start:.1f} 秒处抢话，重叠 {o:.1f} 秒" for _, i, o in cuts)
    return [Finding(tuple(sorted({k for j, i, _ in cuts for k in (j, i)})), note=f"抢话 {len(cuts)} 次",
                    measure=measure)]
