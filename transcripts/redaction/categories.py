"""Legal category of each personal-data type under PIPL (from ``kinds.KINDS``), for the compliance audit:
audit exports and per-call summaries (never stored per value)."""

from __future__ import annotations

from transcripts.redaction.kinds import GENERAL, KINDS, SENSITIVE_FINANCIAL, SENSITIVE_IDENTITY

LEGAL_CATEGORY: dict[str, str] = {pii_type: kind.legal_category for pii_type, kind in KINDS.items()}

__all__ = ["GENERAL", "LEGAL_CATEGORY", "SENSITIVE_FINANCIAL", "SENSITIVE_IDENTITY"]
