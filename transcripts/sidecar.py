"""Recording sidecars (formats.md §1): who, when, which queue, which channel is which party."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from common.errors import InputError
from transcripts.io import describe_validation_error, read_json
from transcripts.models import CallId, ShortId, Speaker, Text

DEFAULT_CHANNELS: dict[int, Speaker] = {0: "agent", 1: "customer"}


class Sidecar(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")

    call_id: CallId | None = None
    started_at: datetime | None = None
    duration_s: float | None = Field(default=None, gt=0)
    """Length of the call as the recorder logged it; a recording that decodes shorter is truncated."""
    agent_id: ShortId | None = None
    customer_id: Text | None = None
    queue: ShortId | None = None
    channels: dict[int, Speaker] = Field(default_factory=lambda: dict(DEFAULT_CHANNELS))
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("channels")
    @classmethod
    def _channel_numbers(cls, value: dict[int, Speaker]) -> dict[int, Speaker]:
        bad = [c for c in value if c not in (0, 1)]
        if bad:
            raise ValueError(f"channel numbers must be 0 or 1, got {sorted(bad)}")
        return value


def load_sidecar(path: Path, expected_call_id: str) -> Sidecar:
    data = read_json(path, reason_code="malformed_sidecar")
    if not isinstance(data, dict):
        raise InputError(str(path), "sidecar must be a JSON object", "see formats.md §1",
                         reason_code="malformed_sidecar")
    try:
        sidecar = Sidecar.model_validate(data)
    except ValidationError as exc:
        raise InputError(str(path), f"invalid sidecar: {describe_validation_error(exc)}",
                         "fix the fields named; formats.md §1", reason_code="malformed_sidecar") from None
    if sidecar.call_id is not None and sidecar.call_id != expected_call_id:
        raise InputError(str(path), f"call_id {sidecar.call_id!r} differs from the file name {expected_call_id!r}",
                         "rename the files or fix call_id so they agree", reason_code="malformed_sidecar")
    return sidecar
