"""absence: none of the party's sentences (in range) contains a phrase. Needs ≥ 1 sentence in range.

With ``first``/``last`` the range is matched as one joined text, so a greeting split over two
ASR segments (您好 | 工号1023) still counts.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from scoring.context import CallContext, Finding
from scoring.match import MatchSpec


class AbsenceArgs(MatchSpec):
    first: int | None = Field(default=None, ge=1)
    last: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_range(self) -> AbsenceArgs:
        if self.first is not None and self.last is not None:
            raise ValueError("give 'first' or 'last', not both")
        return self


def evaluate(args: AbsenceArgs, ctx: CallContext) -> list[Finding]:
    idx = ctx.of(args.speaker, args.first, args.last)
    if not idx:
        return []
    ranged = args.first is not None or args.last is not None
    if ranged and args.search("".join(ctx.texts[i] for i in idx)) is not None:
        return []
    if any(ctx.search(args, i) is not None for i in ctx.candidates(args.compiled, args.speaker, idx)):
        return []
    scope = f"前 {args.first} 句" if args.first else f"最后 {args.last} 句" if args.last else "全程"
    return [Finding(idx if ranged else (), note=f"{scope}未出现规定话术")]
