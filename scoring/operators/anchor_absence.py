"""anchor_absence: after an anchor sentence, none of the next N sentences of a party answers it.

E.g. the customer asks 多久 and neither of the agent's next 2 sentences names a concrete time.
Fires also when the call ends before the party says anything more.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import MatchSpec, is_sound, said


class Expect(MatchSpec):
    within: int = Field(default=2, ge=1, description="the party's next N sentences")


class AnchorAbsenceArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    anchor: MatchSpec
    expect: Expect


def evaluate(args: AnchorAbsenceArgs, ctx: CallContext) -> list[Finding]:
    found = []
    responders = ctx.of(args.expect.speaker)
    for i in ctx.candidates(args.anchor.compiled, args.anchor.speaker):
        if (hit := ctx.search(args.anchor, i)) is None:
            continue
        following = [j for j in responders if j > i][: args.expect.within]
        if any(ctx.search(args.expect, j) is not None for j in following):
            continue
        found.append(Finding((i, *following), note=f"“{said(hit)}”之后 {len(following)} 句内未回应",
                             spans=ctx.span_of(i, hit), by_sound=is_sound(hit)))
    return found
