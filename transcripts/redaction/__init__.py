"""PIPL redaction of transcripts: typed placeholders in text, value-free detections for the audit log.

The detectors live in one registry (``detectors/__init__.py``); see docs/decisions.md for what is and
is not treated as personal data.
"""

from __future__ import annotations

from transcripts.redaction.engine import REDACTOR_VERSION, RedactedText, Span, detect, redact_text, redact_texts
from transcripts.redaction.placeholders import PLACEHOLDERS
from transcripts.redaction.transcript import RedactionOutcome, redact_transcript

__all__ = ["PLACEHOLDERS", "REDACTOR_VERSION", "RedactedText", "RedactionOutcome", "Span", "detect",
           "redact_text", "redact_texts", "redact_transcript"]
