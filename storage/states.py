"""The interaction life cycle: one enum used by the ORM model, the pipeline and the flow.

registered → transcribed → redacted → scored → queued (flagged) or done; or failed (quarantined).
Values are the strings stored in ``interactions.state`` (unchanged since the first schema).
"""

from __future__ import annotations

from enum import StrEnum


class InteractionState(StrEnum):
    REGISTERED = "registered"
    TRANSCRIBED = "transcribed"
    REDACTED = "redacted"
    SCORED = "scored"
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"


TERMINAL_STATES = frozenset({InteractionState.QUEUED, InteractionState.DONE, InteractionState.FAILED})
"""A run leaves an item in one of these; any other state is resumed by the next run."""
FINISHED_STATES = frozenset({InteractionState.QUEUED, InteractionState.DONE})
"""Scored and routed: what retention may archive."""
