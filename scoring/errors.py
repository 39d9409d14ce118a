"""Rubric errors: every problem carries ``file:line``, the indicator id and the field path.

All problems found in one rubric file are collected and reported together, so an author fixes
them in one pass instead of one per run.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.errors import ConfigError


@dataclass(frozen=True)
class Issue:
    """One problem in a rubric file. ``line`` is 1-based; 0 when unknown."""

    file: str
    line: int
    field: str
    what: str
    indicator: str | None = None
    fix: str = ""

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        scope = f" indicator {self.indicator}" if self.indicator else ""
        text = f"{where}{scope} {self.field}: {self.what}"
        return f"{text} ({self.fix})" if self.fix else text


class RubricError(ConfigError):
    """A rubric file that cannot be used. ``issues`` lists every problem found."""

    def __init__(self, issues: list[Issue]) -> None:
        if not issues:
            raise ValueError("RubricError needs at least one issue")
        self.issues = list(issues)
        first = self.issues[0]
        super().__init__(f"{first.file}:{first.line}", first.what, first.fix)

    @property
    def message(self) -> str:
        return "\n".join(issue.render() for issue in self.issues)
