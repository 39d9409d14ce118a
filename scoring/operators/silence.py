"""silence: a gap of at least ``min_seconds`` in which nobody speaks, after the first sentence.

With ``after_speaker`` only gaps that follow that party's turn count; with ``exempt`` a gap is
excused when that turn (its consecutive sentences) contains a phrase, e.g. a hold notice 请稍等.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import Phrases, SpeakerSel


class SilenceArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_seconds: float = Field(gt=0)
    after_speaker: SpeakerSel = "any"
    exempt: Phrases | None = None


def _turn(ctx: CallContext, last: int) -> list[int]:
    """``last`` and the directly preceding sentences by the same speaker."""
    speaker, out = ctx.segments[last].speaker, [last]
    while out[0] > 0 and ctx.segments[out[0] - 1].speaker == speaker:
        out.insert(0, out[0] - 1)
    return out


def evaluate(args: SilenceArgs, ctx: CallContext) -> list[Finding]:
    found, spoken_until = [], 0.0
    segs = ctx.segments
    for i in range(1, len(segs)):
        spoken_until = max(spoken_until, segs[i - 1].end)
        gap = segs[i].start - spoken_until
        if gap < args.min_seconds:
            continue
        before = i - 1
        if args.after_speaker != "any" and segs[before].speaker != args.after_speaker:
            continue
        turn = _turn(ctx, before)
        if args.exempt is not None and any(ctx.search(args.exempt, j) is not None for j in turn):
            continue
        measure = f"静音 {gap:.1f} 秒（{spoken_until:.1f}–{segs[i].start:.1f} 秒）"
        found.append(Finding((before, i), note=measure, measure=measure))
    return found
