"""How many character pairs of a phrase a fuzzy match must leave intact (D162 pre-check of fuzzy blocks).

``partial_ratio`` scores a phrase of ``L`` characters against a window of ``w`` characters of the sentence as
``100·2m/(L+w)``, ``m`` the length of their longest common subsequence. Of the ``m − 1`` neighbouring pairs of
matched characters, each one that is not a verbatim pair of the sentence needs a gap on the phrase side (at
most ``L − m`` in all) or on the window side (at most ``w − m``), so at least ``3m − 1 − (L + w)`` pairs of the
phrase stand verbatim, at distinct positions of the sentence.
"""

from __future__ import annotations

from functools import cache

SLACK = 1e-6
"""Scores within this of the threshold count as passing (rapidfuzz compares floats)."""


@cache
def guaranteed_pairs(length: int, threshold: float) -> int:
    """The fewest phrase pairs found verbatim in any window that scores ≥ ``threshold`` for a ``length``-character
    phrase (windows up to twice its length, which covers partial_ratio's windows of at most its length)."""
    fewest = length  # above any real count
    for w in range(1, 2 * length + 1):
        for m in range(min(length, w) + 1):
            if 200 * m >= (threshold - SLACK) * (length + w):
                fewest = min(fewest, max(0, 3 * m - 1 - length - w))
    return fewest


def pairs_of(phrase: str) -> tuple[str, ...]:
    return tuple(phrase[i:i + 2] for i in range(len(phrase) - 1))
