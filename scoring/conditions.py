"""Condition trees: each node is a mapping with exactly one key, an operator name or all/any/not.

``parse`` collects every problem with its field path instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scoring.context import CallContext, Finding
from scoring.operators import OPERATORS, Operator

Loc = tuple[str | int, ...]
COMBINATORS = ("all", "any", "not", "scope")


@dataclass(frozen=True)
class OpNode:
    name: str
    op: Operator
    args: BaseModel

    def evaluate(self, ctx: CallContext) -> list[Finding]:
        return self.op.evaluate(self.args, ctx)

    def needs_timing(self) -> bool:
        return self.op.needs_timing


@dataclass(frozen=True)
class AllNode:
    """Holds when every child holds; findings of all children."""

    children: tuple[Node, ...]

    def evaluate(self, ctx: CallContext) -> list[Finding]:
        found: list[Finding] = []
        for child in self.children:
            part = child.evaluate(ctx)
            if not part:
                return []
            found += part
        return found

    def needs_timing(self) -> bool:
        return any(c.needs_timing() for c in self.children)


@dataclass(frozen=True)
class AnyNode:
    """Holds when at least one child holds; findings of the children that hold."""

    children: tuple[Node, ...]

    def evaluate(self, ctx: CallContext) -> list[Finding]:
        return [f for child in self.children for f in child.evaluate(ctx)]

    def needs_timing(self) -> bool:
        return any(c.needs_timing() for c in self.children)


@dataclass(frozen=True)
class NotNode:
    child: Node

    def evaluate(self, ctx: CallContext) -> list[Finding]:
        return [] if self.child.evaluate(ctx) else [Finding()]

    def needs_timing(self) -> bool:
        return self.child.needs_timing()


class ScopeSpec(BaseModel):
    """Where a condition is looked for, and how often it must hold (the ``scope`` combinator).

    ``sentences``: 1-based inclusive range over the call's sentences, negative = from the end
    ([-3, -1] = the last three). ``time``: [from, to] seconds of sentence start. ``anchor``: only
    sentences ``before`` / ``after`` / ``around`` a hit of another condition, within ``within`` sentences.
    ``min_count``: the condition must hold in at least this many findings inside the scope.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: Literal["agent", "customer", "any"] = "any"
    sentences: tuple[int, int] | None = None
    time: tuple[float, float] | None = None
    anchor: Any = None
    position: Literal["before", "after", "around"] = "after"
    within: int = Field(default=3, ge=1)
    min_count: int = Field(default=1, ge=1)
    when: Any

    @field_validator("sentences")
    @classmethod
    def _sentence_range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and 0 in value:
            raise ValueError("sentence positions are 1-based (negative = from the end); 0 is not a position")
        return value

    @field_validator("time")
    @classmethod
    def _time_range(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0 <= value[0] <= value[1]:
            raise ValueError("time is [from, to] seconds with 0 <= from <= to")
        return value


@dataclass(frozen=True)
class ScopeNode:
    spec: ScopeSpec
    child: Node
    anchor: Node | None

    def _allowed(self, ctx: CallContext) -> set[int]:
        order = ctx.of("any")
        n = len(order)
        allowed = set(ctx.of(self.spec.speaker))
        if self.spec.sentences is not None:
            lo, hi = (p - 1 if p > 0 else n + p for p in self.spec.sentences)
            allowed &= {order[k] for k in range(max(lo, 0), min(hi, n - 1) + 1)}
        if self.spec.time is not None:
            t0, t1 = self.spec.time
            allowed &= {i for i in allowed if t0 <= ctx.segments[i].start <= t1}
        if self.anchor is not None:
            rank = {seg: k for k, seg in enumerate(order)}
            near: set[int] = set()
            w = self.spec.within
            for f in self.anchor.evaluate(ctx):
                for seg in f.segments:
                    k = rank.get(seg)
                    if k is None:
                        continue
                    lo = k - w if self.spec.position in ("before", "around") else k + 1
                    hi = k + w if self.spec.position in ("after", "around") else k - 1
                    near |= {order[j] for j in range(max(lo, 0), min(hi, n - 1) + 1)}
            allowed &= near
        return allowed

    def evaluate(self, ctx: CallContext) -> list[Finding]:
        allowed = self._allowed(ctx)
        if not allowed:
            return []
        inner = replace(ctx, roles={k: tuple(i for i in v if i in allowed) for k, v in ctx.roles.items()})
        found = [f for f in self.child.evaluate(inner) if not f.segments or allowed.intersection(f.segments)]
        return found if len(found) >= self.spec.min_count else []

    def needs_timing(self) -> bool:
        return self.spec.time is not None or self.child.needs_timing() or \
            (self.anchor is not None and self.anchor.needs_timing())


Node = OpNode | AllNode | AnyNode | NotNode | ScopeNode


def parse(data: Any, loc: Loc, problems: list[tuple[Loc, str]], context: dict[str, Any] | None = None) -> Node | None:
    """Build a node from rubric data; on errors append ``(loc, message)`` and return None.

    ``context`` is handed to the operators' args models as pydantic validation context (the inherited
    ``sound`` setting and the rubric's vocabulary, ``scoring.match.SoundSetting``)."""
    allowed = ", ".join([*OPERATORS, *COMBINATORS])
    if not isinstance(data, dict) or len(data) != 1:
        problems.append((loc, f"a condition is a mapping with exactly one key, the operator ({allowed})"))
        return None
    ((name, body),) = data.items()
    here = (*loc, name)
    if name in ("all", "any"):
        if not isinstance(body, list) or not body:
            problems.append((here, "needs a non-empty list of conditions"))
            return None
        kids = [parse(item, (*here, i), problems, context) for i, item in enumerate(body)]
        if any(k is None for k in kids):
            return None
        nodes = tuple(k for k in kids if k is not None)
        return AllNode(nodes) if name == "all" else AnyNode(nodes)
    if name == "not":
        child = parse(body, here, problems, context)
        return NotNode(child) if child is not None else None
    if name == "scope":
        return _parse_scope(body, here, problems, context)
    op = OPERATORS.get(name)
    if op is None:
        problems.append((here, f"unknown operator {name!r}; allowed: {allowed}"))
        return None
    try:
        return OpNode(name, op, op.args.model_validate(body if body is not None else {}, context=context))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(((*here, *err["loc"]), _describe(err)))
        return None


def _parse_scope(body: Any, here: Loc, problems: list[tuple[Loc, str]], context: dict[str, Any] | None) -> Node | None:
    try:
        spec = ScopeSpec.model_validate(body if body is not None else {})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(((*here, *err["loc"]), _describe(err)))
        if isinstance(body, dict):  # report errors inside the wrapped conditions in the same pass
            for key in ("when", "anchor"):
                if body.get(key) is not None:
                    parse(body[key], (*here, key), problems, context)
        return None
    child = parse(spec.when, (*here, "when"), problems, context)
    anchor = parse(spec.anchor, (*here, "anchor"), problems, context) if spec.anchor is not None else None
    if child is None or (spec.anchor is not None and anchor is None):
        return None
    return ScopeNode(spec, child, anchor)


def _describe(err: Any) -> str:
    """pydantic's message, with the allowed values for enums and the offending value for authors."""
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        return "unknown field; check the spelling against rubrics/README.md"
    if err["type"] == "literal_error":
        expected = err.get("ctx", {}).get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"{err.get('input')!r} is not one of {expected}"
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    return msg
