"""Matching by sound (issue 19): pinyin / fuzzy phrase matching with the short-phrase guard."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scoring.match import Phrases, hit_note
from scoring.sound import encode
from scoring.text import normalise


def search(phrases: list[str], text: str, sound: str) -> str | None:
    return Phrases(phrases=tuple(phrases), sound=sound).search(normalise(text))  # type: ignore[arg-type]


@pytest.mark.parametrize(("phrases", "text", "sound", "expected"), [
    (["退款"], "我要推款", "exact", None),
    (["退款"], "我要推款", "pinyin", "♪推款"),            # shares 款: short phrase allowed
    (["核实"], "请问何时到账", "pinyin", None),              # homophone trap: no common character
    (["核实"], "我帮您核实一下", "pinyin", "核实"),          # characters still match first
    (["工号"], "我的宫号是一二三", "pinyin", "♪宫号"),
    (["工信部投诉"], "我要去工信不投诉", "pinyin", "♪工信不投诉"),
    (["验证码"], "您收到的验证麻是多少", "pinyin", "♪验证麻"),  # toneless: ma = ma
    (["销户"], "我想消护", "pinyin", None),                  # two syllables, no common character
    (["几号"], "我的手机号是〔手机号〕", "pinyin", None),     # 机号 inside the word 手机号
    (["投诉"], "我要头素", "pinyin", None),                  # two syllables, no common character
    (["服务态度"], "你们胡务太度太差", "pinyin", None),      # f/h only in fuzzy
    (["服务态度"], "你们胡务太度太差", "fuzzy", "♪胡务太度"),
    (["身份证"], "报一下森份正", "fuzzy", "♪森份正"),        # sh/s and en/eng
])
def test_sound_matching(phrases: list[str], text: str, sound: str, expected: str | None) -> None:
    assert search(phrases, text, sound) == expected


def test_encoding_keeps_positions() -> None:
    text = normalise("您好，工号123")
    assert len(encode(text, "pinyin")) == len(text)
    assert encode(text, "pinyin").endswith("123")


def test_note_says_matched_by_sound() -> None:
    assert hit_note("♪推款") == "命中“推款”（按读音匹配）"
    assert hit_note("退款") == "命中“退款”"


def test_sound_value_is_validated() -> None:
    with pytest.raises(ValidationError, match="exact"):
        Phrases(phrases=("退款",), sound="loud")  # type: ignore[arg-type]
