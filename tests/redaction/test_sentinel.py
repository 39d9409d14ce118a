"""Leak sentinel: residual digit runs and e-mail shapes are counted, placeholders and short numbers are not."""

from __future__ import annotations

import pytest

from transcripts.redaction.sentinel import Residue, call_residue, residue


@pytest.mark.parametrize(("text", "digits", "emails"), [
    ("我的手机号是〔手机号〕，您记一下", 0, 0),
    ("验证码〔验证码〕，金额128元，下午3点", 0, 0),
    ("号码是139 1234 5678", 1, 0),
    ("幺三九幺二三四五六七八", 1, 0),
    ("１３９１２３４５６７８", 1, 0),
    ("尾号5678", 0, 0),
    ("邮箱 zhang.wei@163.com 和 li ＠ qq ． com", 0, 2),
    ("订单号20261121000123", 1, 0),
])
def test_residue_counts(text: str, digits: int, emails: int) -> None:
    assert residue(text) == Residue(digits, emails)


def test_call_residue_sums_turns() -> None:
    assert call_residue(["13912345678", "a@b.com", "好的"]) == Residue(1, 1)
    assert call_residue([]).total == 0
