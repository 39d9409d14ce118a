"""Matching by sound adds no hit and loses none on the rubric's own example cases (issue 19 target):
every phrase block set to pinyin, then fuzzy, scores every example case (fires, not_fires, known misses)
exactly as characters alone do."""

from __future__ import annotations

import pytest

from bench.bench_sound_examples import hits, set_sound
from scoring import load_rubric
from tests.conftest import REPO


@pytest.mark.parametrize("rubric_file", ["default.yaml", "credit_card.yaml"])
def test_sound_changes_no_example_hit(rubric_file: str) -> None:
    rubric = load_rubric(REPO / "rubrics" / rubric_file)
    set_sound(rubric, "exact")
    exact = set(hits(rubric))
    for mode in ("pinyin", "fuzzy"):
        set_sound(rubric, mode)
        assert set(hits(rubric)) == exact, mode
