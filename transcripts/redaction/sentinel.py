"""Leak sentinel (issue 14): residual digit runs and e-mail shapes in text that was already redacted.

What the detectors left behind is counted, not masked: a run of ``MIN_RESIDUAL_DIGITS`` or more digits
(written, full-width or spoken, through separators and fillers, as ``digits.find_digit_runs`` reads
them) or an e-mail shape. Order numbers, hotlines and amounts written as long digit strings are counted
too: the figure is residual *risk* for a compliance officer to look at, never a claim of a leak.
``storage.interactions.store_redacted_transcript`` counts a call's residue as it stores the redacted
transcript (``transcript_residue``); the compliance pages show the counts (docs/decisions.md D100).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from transcripts.models import Transcript
from transcripts.redaction.detectors.backstop import EMAIL_SHAPE, MIN_DIGITS
from transcripts.redaction.digits import find_digit_runs

MIN_RESIDUAL_DIGITS = MIN_DIGITS
_EMAIL_SHAPE = EMAIL_SHAPE


@dataclass(frozen=True)
class Residue:
    """How many suspicious shapes a redacted text still holds (no values, no positions)."""

    digit_runs: int = 0
    email_shapes: int = 0

    @property
    def total(self) -> int:
        return self.digit_runs + self.email_shapes

    def __add__(self, other: Residue) -> Residue:
        return Residue(self.digit_runs + other.digit_runs, self.email_shapes + other.email_shapes)


def residue(redacted: str) -> Residue:
    """Count residual digit runs (≥ MIN_RESIDUAL_DIGITS digits) and e-mail shapes in one redacted text."""
    runs = sum(1 for run in find_digit_runs(redacted) if len(run.digits) >= MIN_RESIDUAL_DIGITS)
    return Residue(runs, len(_EMAIL_SHAPE.findall(redacted)))


def call_residue(redacted_turns: list[str]) -> Residue:
    """The sum over a call's redacted turns (what one audit record would carry)."""
    total = Residue()
    for text in redacted_turns:
        total = total + residue(text)
    return total


def transcript_residue(transcript: Transcript) -> Residue:
    """The residue of a whole (redacted) transcript: every segment text and every string in its metadata
    and extra fields — what storage is about to keep. Word texts repeat the segment text and are not
    counted twice."""
    texts = [seg.text for seg in transcript.segments]
    texts += _strings(dict(transcript.metadata))
    texts += _strings(transcript.model_extra or {})
    for seg in transcript.segments:
        texts += _strings(seg.model_extra or {})
    return call_residue(texts)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
