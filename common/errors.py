"""User-facing errors: each says where, what, and how to fix.

Messages must never contain raw interaction text or personal data: they name files,
fields and positions only. Tests pin these messages.
"""

from __future__ import annotations


class CallqaError(Exception):
    """Base class. ``where`` is a file path (optionally ``:line``) or an id; ``fix`` is a hint."""

    def __init__(self, where: str, what: str, fix: str = "") -> None:
        self.where = where
        self.what = what
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.what}"
        return f"{text} ({self.fix})" if self.fix else text


class InputError(CallqaError):
    """A bad input item (recording, sidecar, transcript). The item is quarantined; the batch goes on."""

    def __init__(self, where: str, what: str, fix: str = "", *, reason_code: str = "bad_input") -> None:
        self.reason_code = reason_code
        super().__init__(where, what, fix)


class ConfigError(CallqaError):
    """Bad configuration (database URL, model files, key file, rubric). The run stops."""


class TransientError(Exception):
    """A failure worth retrying (database connection dropped, file temporarily locked)."""
