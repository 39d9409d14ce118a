"""One table of personal-data kinds: every type the model allows has a placeholder and a legal category."""

from __future__ import annotations

from transcripts.models import PII_TYPES
from transcripts.redaction.categories import LEGAL_CATEGORY
from transcripts.redaction.kinds import GENERAL, KINDS, SENSITIVE_FINANCIAL, SENSITIVE_IDENTITY
from transcripts.redaction.placeholders import PLACEHOLDERS


def test_the_kinds_table_covers_exactly_the_types() -> None:
    assert set(KINDS) == set(PII_TYPES)
    assert set(PLACEHOLDERS) == set(LEGAL_CATEGORY) == set(PII_TYPES)


def test_placeholders_are_distinct_and_categories_known() -> None:
    assert len(set(PLACEHOLDERS.values())) == len(PLACEHOLDERS)
    assert all(p.startswith("〔") and p.endswith("〕") for p in PLACEHOLDERS.values())
    assert set(LEGAL_CATEGORY.values()) <= {GENERAL, SENSITIVE_FINANCIAL, SENSITIVE_IDENTITY}
    assert LEGAL_CATEGORY["BANK_CARD"] == SENSITIVE_FINANCIAL and LEGAL_CATEGORY["ID_CARD"] == SENSITIVE_IDENTITY
