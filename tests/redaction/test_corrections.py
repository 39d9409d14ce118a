"""Numbers said twice (self-correction, read-back) and names given character by character."""

from __future__ import annotations

import pytest

from transcripts.redaction.engine import build_redactor

REDACTOR = build_redactor()

REPEATED = [
    ("验证码是幺二三四五六，不对，是幺二三四五七", "VERIFICATION_CODE", ["幺二三四五六", "幺二三四五七"]),
    ("验证码835216，说错了，835261", "VERIFICATION_CODE", ["835216", "835261"]),
    ("手机号是一三八一二三四五六七八，不对不对，是一三九一二三四五六七八", "PHONE",
     ["一三八一二三四五六七八", "一三九一二三四五六七八"]),
    ("卡号6222021234567890128，我再说一遍，6222021234567890128", "BANK_CARD",
     ["6222021234567890128", "6222021234567890128"]),
    ("密码是135790，对吧？对，一三五七九零", "VERIFICATION_CODE", ["135790", "一三五七九零"]),
]


@pytest.mark.parametrize(("text", "kind", "values"), REPEATED)
def test_corrected_and_read_back_numbers_are_both_redacted(text: str, kind: str, values: list[str]) -> None:
    result = REDACTOR.redact_text(text)
    assert [text[s.start:s.end] for s in result.spans if s.type == kind] == values
    assert all(v not in result.text for v in values)
    assert result.spans[-1].detector in ("self_correction", result.spans[0].detector)


STAYS = [
    "验证码是幺二三四五六，不对，是退款三百元",          # an amount after the correction
    "验证码是幺二三四五六，对吧？订单号123456789012",     # an order number after a read-back
    "验证码是幺二三四五六，我们这边三个工作日处理完，1234",  # too far away, no marker
    "卡号6222021234567890128，对，工号1023",             # 工号 stays
]


@pytest.mark.parametrize("text", STAYS)
def test_what_follows_a_value_is_not_carried_without_reason(text: str) -> None:
    result = REDACTOR.redact_text(text)
    assert len(result.spans) == 1, [(s.type, text[s.start:s.end]) for s in result.spans]


SPELLED = [
    ("我叫王小明，三横王，大小的小，明天的明", ["王小明", "三横王", "大小的小", "明天的明"]),
    ("我姓李，名字是晓得的晓，东方的东", ["晓得的晓", "东方的东"]),
]


@pytest.mark.parametrize(("text", "values"), SPELLED)
def test_names_given_character_by_character(text: str, values: list[str]) -> None:
    result = REDACTOR.redact_text(text)
    assert [text[s.start:s.end] for s in result.spans if s.type == "PERSON_NAME"] == values


@pytest.mark.parametrize("text", [
    "好的好的，明天的事情明天再说",
    "这个大小的小号没有货了",  # no name in the text: a size, not a spelling
])
def test_word_spellings_without_a_name_stay(text: str) -> None:
    assert REDACTOR.redact_text(text).spans == []
