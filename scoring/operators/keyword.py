"""keyword: sentences of one party that contain a phrase; fires at ``min_count`` such sentences."""

from __future__ import annotations

from pydantic import Field, model_validator

from scoring.context import CallContext, Finding
from scoring.match import MatchSpec, hit_note, is_sound


class KeywordArgs(MatchSpec):
    first: int | None = Field(default=None, ge=1, description="only the party's first N sentences")
    last: int | None = Field(default=None, ge=1, description="only the party's last N sentences")
    min_count: int = Field(default=1, ge=1, description="sentences that must match")

    @model_validator(mode="after")
    def _one_range(self) -> KeywordArgs:
        if self.first is not None and self.last is not None:
            raise ValueError("give 'first' or 'last', not both")
        return self


def evaluate(args: KeywordArgs, ctx: CallContext) -> list[Finding]:
    matcher = args.compiled
    found = []
    for i in ctx.candidates(matcher, args.speaker, ctx.of(args.speaker, args.first, args.last)):
        if (hit := ctx.search(matcher, i)) is not None:
            found.append(Finding((i,), note=hit_note(hit), spans=ctx.span_of(i, hit), by_sound=is_sound(hit)))
    return found if len(found) >= args.min_count else []
