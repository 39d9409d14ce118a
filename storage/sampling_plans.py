"""Sampling plans (YAML): unflagged calls sent to review on top of the flag policy (D131).

```yaml
plans:
  - name: 每坐席每周抽检                  # shown in the queue; unique, no "|"
    per: [agent]                         # one quota per agent (or [queue], or [queue, agent])
    period: week                         # day | week (Monday–Sunday) | month, in Beijing time
    count: 5                             # calls per group and period
    queues: [售后]                        # optional: only these queues (omitted = every queue)
    agents: [A1001]                      # optional: only these agents
```
Every error names file:line, the field, what is allowed and how to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from common.errors import ConfigError
from common.yamlpos import DuplicateKeyError, line_of, load_with_lines

PERIODS = ("day", "week", "month")
GROUP_KEYS = ("agent", "queue")
PERIOD_ZH = {"day": "每天", "week": "每周", "month": "每月"}
GROUP_ZH = {"agent": "每坐席", "queue": "每队列"}


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=60, pattern=r"^[^|]+$")
    per: tuple[Literal["agent", "queue"], ...] = Field(min_length=1, max_length=2)
    period: Literal["day", "week", "month"]
    count: int = Field(ge=1, le=1000)
    queues: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _distinct_keys(self) -> Plan:
        if len(set(self.per)) != len(self.per):
            raise ValueError("per lists a key twice")
        return self

    def describe(self) -> str:
        """The Chinese reason shown on a sampled item, e.g. 抽检计划「…」：每坐席每周 5 通."""
        groups = "".join(GROUP_ZH[k] for k in self.per)
        return f"抽检计划「{self.name}」：{groups}{PERIOD_ZH[self.period]} {self.count} 通"


class SamplingPlans(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    plans: tuple[Plan, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> SamplingPlans:
        names = [p.name for p in self.plans]
        if len(names) != len(set(names)):
            raise ValueError("plan names must be unique")
        return self


def load_plans(path: Path) -> SamplingPlans:
    """Read and check a sampling plans file; ``ConfigError`` with file:line on the first problem."""
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except DuplicateKeyError as err:
        raise ConfigError(f"{path}:{err.line}", f"duplicate key {err.key!r}", "keep one") from None
    except OSError as err:
        raise ConfigError(str(path), f"cannot read the sampling plans file: {err.strerror}",
                          "check CALLQA_SAMPLING names an existing file") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ConfigError(f"{path}:{mark.line + 1 if mark else 0}", "not valid YAML",
                          "check the indentation and quoting") from None
    try:
        return SamplingPlans.model_validate(data or {})
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        raise ConfigError(f"{path}:{line_of(lines, loc)}", f"{field}: {first['msg']}", _fix(loc)) from None


def _fix(loc: tuple[object, ...]) -> str:
    last = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    hints = {"per": f"use one or both of {', '.join(GROUP_KEYS)}, e.g. per: [agent]",
             "period": f"use one of {', '.join(PERIODS)}",
             "count": "use a whole number of calls from 1 to 1000",
             "name": "use a unique name of 1–60 characters without '|'"}
    return hints.get(last, "allowed fields: plans[name, per, period, count, queues, agents]")
