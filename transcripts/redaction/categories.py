"""Legal category of each personal-data type under PIPL, for the compliance audit.

Art. 28 sensitive personal information includes financial accounts and specific identity; the rest is
general personal information. Used in audit exports and per-call summaries (never stored per value).
"""

from __future__ import annotations

SENSITIVE_FINANCIAL = "sensitive:financial_account"
SENSITIVE_IDENTITY = "sensitive:specific_identity"
GENERAL = "general"

LEGAL_CATEGORY: dict[str, str] = {
    "BANK_CARD": SENSITIVE_FINANCIAL,
    "VERIFICATION_CODE": SENSITIVE_FINANCIAL,
    "ID_CARD": SENSITIVE_IDENTITY,
    "PASSPORT": SENSITIVE_IDENTITY,
    "PHONE": GENERAL,
    "EMAIL": GENERAL,
    "PERSON_NAME": GENERAL,
    "ADDRESS": GENERAL,
    "LICENSE_PLATE": GENERAL,
    "SOCIAL_ACCOUNT": GENERAL,
    "BIRTH_DATE": GENERAL,
}
