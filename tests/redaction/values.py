"""Synthetic personal values with valid checksums (generated, never real people's data)."""

from __future__ import annotations

import random

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


def random_id(rng: random.Random) -> str:
    """A synthetic 18-digit resident ID: a real-looking region prefix, a valid birth date, a valid check."""
    region = rng.choice(["110105", "310104", "440305", "510107", "330106"])
    birth = f"{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return id_number(f"{region}{birth}{rng.randint(0, 999):03d}")


def random_card(rng: random.Random, length: int) -> str:
    """A synthetic UnionPay-style card number (62…) of ``length`` digits with a valid Luhn check."""
    body = "62" + "".join(str(rng.randint(0, 9)) for _ in range(length - 3))
    return card_number(body)


def random_mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(str(rng.randint(0, 9)) for _ in range(9))
