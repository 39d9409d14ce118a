"""role_at_position: the sentence at a position (1-based; negative counts from the end) is the party's.

E.g. ``{role_at_position: {position: -1, speaker: customer}}``: the customer had the last word (the agent
did not close the call).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel

ROLE_ZH = {"agent": "坐席", "customer": "客户", "any": "任一方"}


class RoleAtPositionArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    position: int
    speaker: SpeakerSel

    @field_validator("position")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("position is 1-based (1 = first sentence, -1 = last); 0 is not a position")
        return value


def evaluate(args: RoleAtPositionArgs, ctx: CallContext) -> list[Finding]:
    idx = ctx.of("any")
    k = args.position - 1 if args.position > 0 else len(idx) + args.position
    if not 0 <= k < len(idx):
        return []
    seg = idx[k]
    if args.speaker != "any" and ctx.segments[seg].speaker != args.speaker:
        return []
    return [Finding((seg,), note=f"第 {args.position} 句由{ROLE_ZH[args.speaker]}说出")]
