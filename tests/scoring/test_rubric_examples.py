"""The main regression test: every indicator's examples (rubrics/default.examples/, and the queue rubrics' own).

``fires`` must fire and ``not_fires`` must not; ``known_misses`` are expected to miss (xfail),
so a fix shows up as XPASS rather than going unnoticed.
"""

from __future__ import annotations

import re

import pytest

from scoring import Rubric, load_rubric, score_transcript
from scoring.examples import example_transcript
from scoring.rubric import Indicator
from tests.conftest import REPO

RUBRIC = load_rubric(REPO / "rubrics" / "default.yaml")
CARD = load_rubric(REPO / "rubrics" / "credit_card.yaml")
DEFAULT_IDS = {ind.id for ind in RUBRIC.indicators}
CASES = [
    pytest.param(rubric, ind, kind, n, id=f"{ind.id}-{kind}-{n}",
                 marks=[pytest.mark.xfail(reason="known miss", strict=False)] if kind == "known_misses" else [])
    for rubric, indicators in ((RUBRIC, RUBRIC.indicators),
                               (CARD, [i for i in CARD.indicators if i.id not in DEFAULT_IDS]))
    for ind in indicators
    for kind in ("fires", "not_fires", "known_misses")
    for n in range(len(getattr(ind.spec.examples, kind)))
]


def check_indicator_invariants(rubric: Rubric) -> None:
    """What every rubric promises, whatever the number of indicators (adding one is YAML + examples only):
    unique ids of the form R01… (P01 for a queue rubric), and at least 3 ``fires`` and 3 ``not_fires`` examples each."""
    ids = [ind.id for ind in rubric.indicators]
    assert len(ids) == len(set(ids)), f"duplicate indicator ids in {rubric.path}"
    assert all(re.fullmatch(r"[A-Z]+\d{2,3}", i) for i in ids), ids
    for ind in rubric.indicators:
        assert len(ind.spec.examples.fires) >= 3, f"{ind.id} needs at least 3 'fires' examples"
        assert len(ind.spec.examples.not_fires) >= 3, f"{ind.id} needs at least 3 'not_fires' examples"


def test_every_indicator_has_a_unique_id_and_examples_both_ways() -> None:
    check_indicator_invariants(RUBRIC)
    check_indicator_invariants(CARD)
    example_files = {p.stem for p in (REPO / "rubrics" / "default.examples").glob("*.yaml")}
    assert example_files == DEFAULT_IDS, "an example file per indicator, and no example file without one"


@pytest.mark.parametrize(("rubric", "ind", "kind", "n"), CASES)
def test_example(rubric: Rubric, ind: Indicator, kind: str, n: int) -> None:
    turns = getattr(ind.spec.examples, kind)[n]
    result = score_transcript(example_transcript(turns), rubric)
    fired = [h for h in result.hits if h.indicator == ind.id]
    if kind == "not_fires":
        assert not fired, f"{ind.id} fired on a not_fires example: {fired[0].reason}"
    else:
        assert fired, f"{ind.id} did not fire on {kind}[{n}]"
        assert fired[0].evidence and fired[0].reason
