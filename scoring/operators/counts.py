"""sentence_count: how many sentences one party said (e.g. the agent barely spoke)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel


class SentenceCountArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "agent"
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _some_bound(self) -> SentenceCountArgs:
        if self.min is None and self.max is None:
            raise ValueError("give min and/or max")
        return self


def evaluate(args: SentenceCountArgs, ctx: CallContext) -> list[Finding]:
    n = len(ctx.of(args.speaker))
    if (args.min is not None and n < args.min) or (args.max is not None and n > args.max):
        return []
    return [Finding(note=f"共 {n} 句", measure=f"句数 {n}")]
