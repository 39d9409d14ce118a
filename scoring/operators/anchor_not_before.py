"""anchor_not_before: an anchor sentence with no earlier (or same) sentence matching ``before``.

E.g. the agent agrees to a refund and nobody has verified identity earlier in the call.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from scoring.context import CallContext, Finding
from scoring.match import MatchSpec, is_sound, said


class AnchorNotBeforeArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    anchor: MatchSpec
    before: MatchSpec


def evaluate(args: AnchorNotBeforeArgs, ctx: CallContext) -> list[Finding]:
    earliest = next((j for j in ctx.candidates(args.before.compiled, args.before.speaker)
                     if ctx.search(args.before, j) is not None), None)
    for i in ctx.candidates(args.anchor.compiled, args.anchor.speaker):
        if earliest is not None and earliest <= i:
            return []
        if (hit := ctx.search(args.anchor, i)) is not None:
            return [Finding((i,), note=f"“{said(hit)}”之前未见身份核实", spans=ctx.span_of(i, hit),
                            by_sound=is_sound(hit))]
    return []
