"""Typed scoring output: what storage persists and what ``callqa score`` prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["red", "yellow", "blue"]


class Match(BaseModel):
    """The matched text of a hit: ``text`` is ``transcript.segments[segment].text[start:end]`` (redacted text)."""

    model_config = ConfigDict(frozen=True)

    segment: int
    start: int
    end: int
    text: str
    by_sound: bool = False
    """Matched by sound (按读音匹配): ``text`` sounds like the rubric's phrase but is written otherwise."""


class Hit(BaseModel):
    """One indicator that fired. ``segments`` index ``transcript.segments``; texts are Chinese, for reviewers."""

    model_config = ConfigDict(frozen=True)

    indicator: str
    title: str
    severity: Severity
    fatal: bool = False
    dimension: str | None = None
    """None for flag-only indicators (customer risk) and fatal items without a dimension."""
    deduction: float = 0.0
    segments: tuple[int, ...] = ()
    evidence: str
    reason: str
    matches: tuple[Match, ...] = ()
    """Highlightable spans of the matched words (phrase rules); timing rules have none."""
    by_sound: bool = False
    """At least one finding of this hit matched by sound, not by characters (stored in ``hits.by_sound``)."""


class DimensionScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    max: float
    score: float
    deductions: float


class CallScore(BaseModel):
    """The score of one interaction under one rubric version. ``score`` is 0–100."""

    model_config = ConfigDict(frozen=True)

    rubric_id: str
    rubric_version: str
    rubric_hash: str
    call_id: str
    score: float = Field(ge=0, le=100)
    fatal: bool = False
    flagged: bool = False
    passed: bool = True
    """score ≥ the rubric's pass_score and no fatal item (合格)."""
    calibration: bool = False
    """An unflagged call sampled for the review queue so that misses can be measured."""
    severity: Severity | None = None
    flag_reasons: tuple[str, ...] = ()
    dimensions: tuple[DimensionScore, ...] = ()
    hits: tuple[Hit, ...] = ()
    not_applicable: tuple[str, ...] = ()
    """Indicators that could not be evaluated (timing rules on chat or e-mail)."""
    unscorable: bool = False
    """No words to score (``scoring.scorable``): ``score`` is 0 and means nothing, the call is flagged for
    review with the reason; reports and averages must leave it out."""
