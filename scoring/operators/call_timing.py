"""Whole-call timing: call duration, and the time from the last speech to the end (abnormal hang-up)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel


class Bounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_seconds: float | None = Field(default=None, ge=0)
    max_seconds: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _some_bound(self) -> Bounds:
        if self.min_seconds is None and self.max_seconds is None:
            raise ValueError("give min_seconds and/or max_seconds")
        return self

    def holds(self, value: float) -> bool:
        return (self.min_seconds is None or value >= self.min_seconds) and \
            (self.max_seconds is None or value <= self.max_seconds)


class DurationArgs(Bounds):
    """Fires when the call's duration is within the bounds (e.g. ``max_seconds: 20`` = very short call)."""


def duration(args: DurationArgs, ctx: CallContext) -> list[Finding]:
    total = ctx.transcript.end_s
    return [Finding(note=f"通话时长 {total:.0f} 秒", measure=f"通话时长 {total:.1f} 秒")] if args.holds(total) else []


class LastSpeechArgs(Bounds):
    """Fires when the time from the party's last sentence to the call end is within the bounds.

    ``{last_speech_to_end: {speaker: customer, max_seconds: 1}}`` with the customer speaking last means
    the line was cut right after the customer spoke (abnormal hang-up).
    """

    speaker: SpeakerSel = "any"
    must_be_last: bool = Field(default=False, description="the party also said the last sentence of the call")


def last_speech_to_end(args: LastSpeechArgs, ctx: CallContext) -> list[Finding]:
    idx = ctx.of(args.speaker)
    if not idx or (args.must_be_last and idx[-1] != ctx.of("any")[-1]):
        return []
    last = ctx.segments[idx[-1]]
    gap = max(0.0, ctx.transcript.end_s - last.end)
    if not args.holds(gap):
        return []
    return [Finding((idx[-1],), note=f"最后一句之后 {gap:.1f} 秒通话结束", measure=f"末句距挂断 {gap:.1f} 秒")]
