"""Condition trees: each node is a mapping with exactly one key, an operator name or all/any/not.

``parse`` collects every problem with its field path instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from scoring.context import CallContext, Finding
from scoring.operators import OPERATORS, Operator

Loc = tuple[str | int, ...]
COMBINATORS = ("all", "any", "not")


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


Node = OpNode | AllNode | AnyNode | NotNode


def parse(data: Any, loc: Loc, problems: list[tuple[Loc, str]]) -> Node | None:
    """Build a node from rubric data; on errors append ``(loc, message)`` and return None."""
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
        kids = [parse(item, (*here, i), problems) for i, item in enumerate(body)]
        if any(k is None for k in kids):
            return None
        nodes = tuple(k for k in kids if k is not None)
        return AllNode(nodes) if name == "all" else AnyNode(nodes)
    if name == "not":
        child = parse(body, here, problems)
        return NotNode(child) if child is not None else None
    op = OPERATORS.get(name)
    if op is None:
        problems.append((here, f"unknown operator {name!r}; allowed: {allowed}"))
        return None
    try:
        return OpNode(name, op, op.args.model_validate(body if body is not None else {}))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(((*here, *err["loc"]), _describe(err)))
        return None


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
