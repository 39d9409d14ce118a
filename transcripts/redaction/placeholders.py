"""Typed placeholders that replace personal data in redacted text (formats.md §4)."""

from __future__ import annotations

PLACEHOLDERS: dict[str, str] = {
    "PERSON_NAME": "〔姓名〕",
    "PHONE": "〔手机号〕",
    "ID_CARD": "〔身份证号〕",
    "BANK_CARD": "〔银行卡号〕",
    "EMAIL": "〔邮箱〕",
    "ADDRESS": "〔地址〕",
    "LICENSE_PLATE": "〔车牌号〕",
    "PASSPORT": "〔护照号〕",
    "VERIFICATION_CODE": "〔验证码〕",
    "SOCIAL_ACCOUNT": "〔社交账号〕",
    "BIRTH_DATE": "〔出生日期〕",
}
