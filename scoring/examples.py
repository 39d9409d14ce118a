"""Run a rubric's inline examples: the indicator's own regression cases (like semgrep's ruleid/ok)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from scoring.engine import score_transcript
from scoring.rubric import Indicator, Rubric, Turn
from transcripts.models import Segment, Transcript

Expectation = Literal["fires", "not_fires", "known_misses"]
SECONDS_PER_CHAR = 0.25
"""Filled-in example timing: 240 characters/minute, 0.5 s gaps — unremarkable on every timing rule."""


@dataclass(frozen=True)
class ExampleResult:
    indicator: str
    kind: Expectation
    number: int
    fired: bool

    @property
    def ok(self) -> bool:
        """known_misses never fail the check: they record gaps, they do not hide them."""
        return self.kind == "known_misses" or self.fired == (self.kind == "fires")


def example_transcript(turns: tuple[Turn, ...], call_id: str = "example") -> Transcript:
    segments, clock = [], 0.0
    for turn in turns:
        start = turn.start if turn.start is not None else clock + 0.5
        end = turn.end if turn.end is not None else start + max(1.0, SECONDS_PER_CHAR * len(turn.text))
        segments.append(Segment(speaker=turn.speaker, start=start, end=end, text=turn.text))
        clock = max(clock, end)
    return Transcript(call_id=call_id, segments=tuple(segments))


def run_indicator_examples(rubric: Rubric, ind: Indicator) -> Iterator[ExampleResult]:
    for kind in ("fires", "not_fires", "known_misses"):
        for n, turns in enumerate(getattr(ind.spec.examples, kind), 1):
            result = score_transcript(example_transcript(turns, f"{ind.id}-{kind}-{n}"), rubric)
            yield ExampleResult(ind.id, kind, n, any(h.indicator == ind.id for h in result.hits))


def run_examples(rubric: Rubric) -> list[ExampleResult]:
    return [r for ind in rubric.indicators for r in run_indicator_examples(rubric, ind)]
