"""What is left to do for an item: a pure function of its state and kind (the flow only follows it).

A run resumes every item that is not in a terminal state; ``stages_for`` says which stages remain, in
order, so a crash at any point continues where it stopped and a finished item is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.states import InteractionState


class Stage(StrEnum):
    TRANSCRIBE = "transcribe"
    """Recording or delivered transcript → redacted call (raw text exists only inside this stage)."""
    STORE = "store"
    """Redacted segments and audit records, in one transaction."""
    REDACT_AUDIO = "redact-audio"
    """The reviewers' copy of a recording with personal data silenced (recordings only)."""
    SCORE = "score"
    QUEUE = "queue"


_FROM_STATE: dict[InteractionState, tuple[Stage, ...]] = {
    InteractionState.REGISTERED: (Stage.TRANSCRIBE, Stage.STORE, Stage.REDACT_AUDIO, Stage.SCORE, Stage.QUEUE),
    InteractionState.TRANSCRIBED: (Stage.TRANSCRIBE, Stage.STORE, Stage.REDACT_AUDIO, Stage.SCORE, Stage.QUEUE),
    InteractionState.REDACTED: (Stage.REDACT_AUDIO, Stage.SCORE, Stage.QUEUE),
    InteractionState.SCORED: (Stage.QUEUE,),
    InteractionState.QUEUED: (),
    InteractionState.DONE: (),
    InteractionState.FAILED: (),
}


def stages_for(state: InteractionState | str, kind: str) -> tuple[Stage, ...]:
    """The stages an item in ``state`` still needs, in order. ``kind`` is ``audio`` or ``transcript``
    (chats and e-mails have no audio to redact). Raises ``ValueError`` for an unknown state."""
    stages = _FROM_STATE[InteractionState(state)]
    return stages if kind == "audio" else tuple(s for s in stages if s is not Stage.REDACT_AUDIO)


@dataclass(frozen=True)
class PendingItem:
    """One registered item a run still has to finish (read from ``interactions``; no personal data)."""

    id: int
    call_id: str
    kind: str
    state: InteractionState
    source_name: str
    content_sha256: str

    @property
    def stages(self) -> tuple[Stage, ...]:
        return stages_for(self.state, self.kind)

    @property
    def needs_transcription(self) -> bool:
        return Stage.TRANSCRIBE in self.stages
