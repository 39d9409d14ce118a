"""How hit verdicts move a call's score (D60): a 误报 hit gives its deduction back, a dismissed fatal item
lifts the zero. Pure functions of a stored score and the set of dismissed hits; no I/O.

The automatic score (``scores.score``) never changes; the effective score is the newest row of
``score_adjustments`` (manual, appeal or verdict), so every change keeps who, when and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storage.models import HitRow, Score


@dataclass(frozen=True)
class VerdictScore:
    """The score the rubric would give if the dismissed hits had not fired (0–100)."""

    total: float
    fatal: bool
    points: float
    """Sum of the dimension scores, ignoring the fatal zero (what deduction changes move)."""


def _dimensions(score: Score) -> list[dict[str, Any]]:
    dims = score.dimensions
    return list(dims) if isinstance(dims, list) else list(dims.values())


def verdict_score(score: Score, hits: Iterable[HitRow], dismissed: set[int]) -> VerdictScore:
    """Recompute ``score`` with the deductions of ``dismissed`` hit ids returned, floor 0 per dimension as the
    engine does. Anchored on the stored automatic score, so a stored score whose dimensions do not add up
    (hand-made data) still moves only by what the verdicts change."""
    hits = list(hits)
    returned: dict[str, float] = {}
    for h in hits:
        if h.id in dismissed and h.dimension:
            returned[h.dimension] = returned.get(h.dimension, 0.0) + h.deduction
    delta = 0.0
    for d in _dimensions(score):
        back = returned.get(str(d.get("name")), 0.0)
        if back:
            maximum, lost = float(d.get("max", 0)), float(d.get("deductions", 0))
            delta += max(0.0, maximum - max(0.0, lost - back)) - max(0.0, maximum - lost)
    base = sum(float(d.get("score", 0)) for d in _dimensions(score)) if score.fatal else score.score
    points = round(min(100.0, max(0.0, base + delta)), 2)
    fatal = any(h.fatal and h.id not in dismissed for h in hits)
    return VerdictScore(total=0.0 if fatal else points, fatal=fatal, points=points)


def moved_score(current: float, before: VerdictScore, after: VerdictScore) -> float:
    """The effective score after a verdict change, from the effective score ``current`` before it.

    A change of the fatal state sets the recomputed score (a manual score given on a fatal call rested on the
    zero); while the call stays fatal nothing moves; otherwise the returned (or re-taken) points are added to
    ``current``, so a manual adjustment made earlier is kept, clamped to 0–100.
    """
    if before.fatal != after.fatal:
        return after.total
    if after.fatal:
        return current
    return round(min(100.0, max(0.0, current + after.points - before.points)), 2)
