"""The item life cycle as a table: what a run still does for an item in each state."""

from __future__ import annotations

import pytest

from callqa.pipeline.lifecycle import PendingItem, Stage, stages_for
from storage.states import TERMINAL_STATES, InteractionState

T, S, A, C, Q = Stage.TRANSCRIBE, Stage.STORE, Stage.REDACT_AUDIO, Stage.SCORE, Stage.QUEUE


@pytest.mark.parametrize(("state", "kind", "stages"), [
    ("registered", "audio", (T, S, A, C, Q)),
    ("registered", "transcript", (T, S, C, Q)),
    ("transcribed", "audio", (T, S, A, C, Q)),  # transcription is cached by content: a re-run costs nothing
    ("redacted", "audio", (A, C, Q)),
    ("redacted", "transcript", (C, Q)),
    ("scored", "audio", (Q,)),
    ("scored", "transcript", (Q,)),
    ("queued", "audio", ()),
    ("done", "transcript", ()),
    ("failed", "audio", ()),
])
def test_stages_for(state: str, kind: str, stages: tuple[Stage, ...]) -> None:
    assert stages_for(state, kind) == stages
    assert stages_for(InteractionState(state), kind) == stages


def test_every_state_is_covered_and_terminal_states_need_nothing() -> None:
    for state in InteractionState:
        stages = stages_for(state, "audio")
        assert (stages == ()) == (state in TERMINAL_STATES), state


def test_an_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError, match="'archived' is not a valid InteractionState"):
        stages_for("archived", "audio")


def test_pending_item_needs_transcription_only_before_redaction() -> None:
    item = PendingItem(1, "C1", "audio", InteractionState.REGISTERED, "C1.wav", "0" * 64)
    assert item.needs_transcription
    assert not PendingItem(1, "C1", "audio", InteractionState.REDACTED, "C1.wav", "0" * 64).needs_transcription
