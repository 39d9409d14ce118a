"""The personal-data kinds: ONE table of every type the redactor emits, with its placeholder label and its
legal category under PIPL. Everything else (placeholders, audit exports, the PIPL per-call summary, the
rubric's personal-data operator) reads it; a test checks that its keys equal ``transcripts.models.PII_TYPES``,
so a new type cannot be silently "general" or lack a placeholder.

Art. 28 sensitive personal information includes financial accounts and specific identity; the rest is
general personal information.
"""

from __future__ import annotations

from dataclasses import dataclass

SENSITIVE_FINANCIAL = "sensitive:financial_account"
SENSITIVE_IDENTITY = "sensitive:specific_identity"
GENERAL = "general"


@dataclass(frozen=True)
class PiiKind:
    label: str
    """What QA staff read in the placeholder (Simplified Chinese): 〔label〕."""
    legal_category: str

    @property
    def placeholder(self) -> str:
        return f"〔{self.label}〕"


KINDS: dict[str, PiiKind] = {
    "PERSON_NAME": PiiKind("姓名", GENERAL),
    "PHONE": PiiKind("手机号", GENERAL),
    "ID_CARD": PiiKind("身份证号", SENSITIVE_IDENTITY),
    "BANK_CARD": PiiKind("银行卡号", SENSITIVE_FINANCIAL),
    "EMAIL": PiiKind("邮箱", GENERAL),
    "ADDRESS": PiiKind("地址", GENERAL),
    "LICENSE_PLATE": PiiKind("车牌号", GENERAL),
    "PASSPORT": PiiKind("护照号", SENSITIVE_IDENTITY),
    "VERIFICATION_CODE": PiiKind("验证码", SENSITIVE_FINANCIAL),
    "SOCIAL_ACCOUNT": PiiKind("社交账号", GENERAL),
    "BIRTH_DATE": PiiKind("出生日期", GENERAL),
    "OTHER_NUMBER": PiiKind("号码", GENERAL),
}
"""Type → kind, in the order formats.md §4 lists the placeholders; ``OTHER_NUMBER`` (the backstop's
identifier no detector recognised, ``detectors/backstop.py``) is callqa's compatible extension of §4."""
