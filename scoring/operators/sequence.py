"""sequence: a required process flow — steps that must all occur, in order (e.g. 问候 → 核实身份 → 办理 → 结束语).

Each step is a phrase block said by one party; a step occurs at its first matching sentence. The rule
fires when a step is missing or a step first occurs before the one it must follow. With ``trigger``, the
rule applies only to calls where that step occurs (no account operation → no identity check required).
"""

from __future__ import annotations

from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring.context import CallContext, Finding
from scoring.match import MatchSpec


class Step(MatchSpec):
    name: str = Field(min_length=1, max_length=32)


class SequenceArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: tuple[Step, ...] = Field(min_length=2)
    trigger: str | None = Field(default=None, description="name of the step whose presence makes the rule apply")

    @model_validator(mode="after")
    def _trigger_is_a_step(self) -> SequenceArgs:
        names = [s.name for s in self.steps]
        if len(set(names)) != len(names):
            raise ValueError("step names must be unique")
        if self.trigger is not None and self.trigger not in names:
            raise ValueError(f"trigger {self.trigger!r} is not one of the steps: {', '.join(names)}")
        return self


def _first(step: Step, ctx: CallContext) -> int | None:
    return next((i for i in ctx.candidates(step.compiled, step.speaker) if ctx.search(step, i) is not None), None)


def evaluate(args: SequenceArgs, ctx: CallContext) -> list[Finding]:
    at = {s.name: _first(s, ctx) for s in args.steps}
    if args.trigger is not None and at[args.trigger] is None:
        return []
    found = [Finding(note=f"缺少步骤“{name}”") for name, i in at.items() if i is None]
    present = [(s.name, at[s.name]) for s in args.steps if at[s.name] is not None]
    for (before, i), (after, j) in pairwise(present):
        if i is not None and j is not None and j < i:
            found.append(Finding((j, i), note=f"步骤“{after}”（第{j + 1}句）出现在“{before}”（第{i + 1}句）之前"))
    return found
