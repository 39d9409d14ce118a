"""Redaction keeps what the rubric needs (issue 14): every indicator example scores the same after the
redactor ran over it — amounts (R26), times, durations, order numbers and hotlines survive the backstop.
The personal-data indicator (R29) reads the detections instead of the numbers, and fires alike."""

from __future__ import annotations

import pytest

from common.keys import KeyedHasher
from scoring import load_rubric, score_transcript
from scoring.examples import example_transcript
from scoring.rubric import Indicator
from tests.conftest import REPO
from transcripts.redaction.engine import build_redactor
from transcripts.redaction.transcript import redact_transcript

RUBRIC = load_rubric(REPO / "rubrics" / "default.yaml")
HASHER = KeyedHasher(b"example-redaction-key-0123456789")
CASES = [pytest.param(ind, kind, n, id=f"{ind.id}-{kind}-{n}")
         for ind in RUBRIC.indicators for kind in ("fires", "not_fires")
         for n in range(len(getattr(ind.spec.examples, kind)))]


@pytest.mark.parametrize(("ind", "kind", "n"), CASES)
def test_example_scores_the_same_after_redaction(ind: Indicator, kind: str, n: int) -> None:
    indicator = ind.id
    raw = example_transcript(getattr(ind.spec.examples, kind)[n])
    outcome = redact_transcript(raw, HASHER, build_redactor())
    before = score_transcript(raw, RUBRIC)
    after = score_transcript(outcome.transcript, RUBRIC, detections=outcome.detections)
    fired = [h for h in after.hits if h.indicator == indicator]
    assert bool(fired) == any(h.indicator == indicator for h in before.hits), (
        indicator, [s.text for s in outcome.transcript.segments])
