"""The numpy Viterbi decoder of the LAC tagger against the textbook back-pointer version."""

from __future__ import annotations

import numpy as np
import pytest

from transcripts.redaction.detectors.lac_model import viterbi


def reference_viterbi(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """One back-pointer table per step, argmax over all tags (first index on ties)."""
    batch, steps, _ = emissions.shape
    score = emissions[:, 0]
    back = np.empty((steps, batch, transitions.shape[1]), dtype=np.int64)
    for t in range(1, steps):
        total = score[:, :, None] + transitions[None]
        back[t] = total.argmax(axis=1)
        score = total.max(axis=1) + emissions[:, t]
    path = np.empty((batch, steps), dtype=np.int64)
    path[:, -1] = score.argmax(axis=1)
    for t in range(steps - 1, 0, -1):
        path[:, t - 1] = back[t, np.arange(batch), path[:, t]]
    return path


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_the_back_pointer_decoder(seed: int, dtype: type) -> None:
    rng = np.random.default_rng(seed)
    batch, steps, tags = rng.integers(1, 4), rng.integers(1, 11), rng.integers(2, 8)
    # small integers make ties common: the tie-break (first index) must match too
    emissions: np.ndarray = rng.integers(-2, 3, size=(batch, steps, tags)).astype(dtype)
    transitions: np.ndarray = rng.integers(-2, 3, size=(tags, tags)).astype(dtype)
    assert viterbi(emissions, transitions).tolist() == reference_viterbi(emissions, transitions).tolist()


def test_real_valued_scores_match_too() -> None:
    rng = np.random.default_rng(7)
    emissions = rng.normal(size=(3, 10, 59)).astype(np.float32)
    transitions = rng.normal(size=(59, 59)).astype(np.float32)
    assert viterbi(emissions, transitions).tolist() == reference_viterbi(emissions, transitions).tolist()
