"""Typed placeholders that replace personal data in redacted text (formats.md §4), from ``kinds.KINDS``."""

from __future__ import annotations

from transcripts.redaction.kinds import KINDS

PLACEHOLDERS: dict[str, str] = {pii_type: kind.placeholder for pii_type, kind in KINDS.items()}
