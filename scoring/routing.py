"""Rubric routing: the call's queue (skill group) chooses its rubric (``rubrics/routing.yaml``).

``load_rubrics`` accepts a routing file (top-level ``default`` + ``queues``) or a single rubric file,
which then scores every queue. ``CALLQA_RUBRIC`` / ``--rubric`` may name either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.yamlpos import line_of, load_with_lines
from scoring.conditions import _describe
from scoring.errors import Issue, RubricError
from scoring.rubric import Rubric, load_rubric


class RoutingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    default: str = Field(min_length=1)
    queues: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class RubricSet:
    default: Rubric
    queues: dict[str, Rubric] = field(default_factory=dict)
    path: str = ""

    def for_queue(self, queue: str | None) -> Rubric:
        return self.queues.get(queue or "", self.default)

    def all(self) -> list[Rubric]:
        return [self.default, *self.queues.values()]


BUNDLED_ROUTING = Path(__file__).resolve().parent.parent / "rubrics" / "routing.yaml"
"""The bundled routing file (queue → rubric): what runs use unless ``--rubric`` / ``CALLQA_RUBRIC`` say
otherwise (``Settings.rubric``). ``load_rubrics`` accepts a routing file or a single rubric."""


def is_routing(data: object) -> bool:
    return isinstance(data, dict) and "default" in data and "indicators" not in data


def load_rubrics(path: Path | str) -> RubricSet:
    path = Path(path)
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        data, lines = None, {}
    if not is_routing(data):
        return RubricSet(default=load_rubric(path), path=str(path))  # load_rubric reports the file's errors
    try:
        spec = RoutingSpec.model_validate(data)
    except ValidationError as exc:
        raise RubricError([Issue(str(path), line_of(lines, tuple(e["loc"])), ".".join(map(str, e["loc"])),
                                 _describe(e)) for e in exc.errors(include_url=False)]) from None
    loaded: dict[str, Rubric] = {}

    def rubric(name: str) -> Rubric:
        if name not in loaded:
            loaded[name] = load_rubric(path.parent / name)
        return loaded[name]

    return RubricSet(default=rubric(spec.default), queues={q: rubric(f) for q, f in spec.queues.items()},
                     path=str(path))
