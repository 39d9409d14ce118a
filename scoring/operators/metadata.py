"""metadata: a condition on the call's data (channel, queue, agent, duration, sidecar metadata fields).

``{metadata: {field: queue, in: [信用卡, 理财]}}`` or ``{metadata: {field: metadata.call_type, equals: outbound}}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring.context import CallContext, Finding

TOP_LEVEL = ("channel", "queue", "agent_id", "duration_s")


class MetadataArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    field: str = Field(pattern=r"^(channel|queue|agent_id|duration_s|metadata\.[A-Za-z0-9_.]+)$")
    equals: Any = None
    in_: tuple[Any, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Any, ...] | None = None
    exists: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> MetadataArgs:
        given = [k for k in ("equals", "in_", "not_in", "exists") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of equals, in, not_in, exists")
        return self


def _value(ctx: CallContext, field: str) -> Any:
    if field in TOP_LEVEL:
        return getattr(ctx.transcript, field)
    value: Any = ctx.transcript.metadata
    for part in field.split(".")[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def evaluate(args: MetadataArgs, ctx: CallContext) -> list[Finding]:
    value = _value(ctx, args.field)
    if args.exists is not None:
        ok = (value is not None) == args.exists
    elif args.equals is not None:
        ok = value == args.equals
    elif args.in_ is not None:
        ok = value in args.in_
    else:
        ok = value not in (args.not_in or ())
    return [Finding(note=f"{args.field} = {value}")] if ok else []
