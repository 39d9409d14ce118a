"""Synthetic personal values with valid checksums (generated, never real people's data)."""

from __future__ import annotations

from stdnum import luhn

NUMERALS = "零一二三四五六七八九"


def id_number(body17: str = "11010519900307123") -> str:
    """GB 11643-1999 check digit (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body17))
    return body17 + "10X98765432"[total % 11]


def card_number(body: str = "622202123456789012") -> str:
    return body + luhn.calc_check_digit(body)


def spoken(digits: str, one: str = "一") -> str:
    return "".join(NUMERALS[int(d)] if d.isdigit() else d for d in digits).replace("一", one)
