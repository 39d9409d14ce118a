"""Leak sentinel (issue 14): residual digit runs and e-mail shapes in text that was already redacted.

What the detectors left behind is counted, not masked: a run of ``MIN_RESIDUAL_DIGITS`` or more digits
(written, full-width or spoken, through separators and fillers, as ``digits.find_digit_runs`` reads
them) or an e-mail shape. Order numbers, hotlines and amounts written as long digit strings are counted
too: the figure is residual *risk* for a compliance officer to look at, never a claim of a leak.
Not wired into storage yet (see docs/decisions.md D41).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.redaction.digits import find_digit_runs

MIN_RESIDUAL_DIGITS = 7
_EMAIL_SHAPE = re.compile(r"[A-Za-z0-9._%+\-]+\s*[@＠]\s*[A-Za-z0-9\-]+(?:\s*[.．]\s*[A-Za-z]{2,})+")


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
