"""The normalised view (issue 14): what every detector sees, and the map back to what was said or typed."""

from __future__ import annotations

import pytest

from transcripts.redaction.normalise import normalise

VIEWS = [
    ("滬A12345", "沪A12345"),  # Traditional → Simplified
    ("電話一三九兩兩八八一二三四", "电话13922881234"),  # … then 两 is a spoken digit
    ("１３９１２３４５６７８，好", "13912345678，好"),  # full-width digits; full-width punctuation stays
    ("ｗａｎｇ＠１６３．ｃｏｍ", "wang@163.com"),
    ("一三九三个八一二三四五", "13988812345"),  # repeats
    ("一八六两个零幺二三四五六", "18600123456"),
    ("139呃1234嗯5678", "139 1234 5678"),  # a filler between digits is a plain break
    ("139，那个，1234，就是5678", "139 1234 5678"),
    ("z h a n g 艾特 qq 点 com", "zhang 艾特 qq 点 com"),  # spelled letters joined
    ("E 一二三四五六七八", "E12345678"),
    ("a b c 12345", "abc12345"),
    ("wang at gmail dot com", "wang at gmail dot com"),  # words keep their spaces
    ("139 1234 5678", "139 1234 5678"),  # so do groups of digits
    ("我等一下再说，两个人一起来", "我等一下再说，两个人一起来"),  # numerals outside digit runs are words
    ("三个八", "三个八"),  # a repeat needs a digit beside it
    ("王一博说一定", "王一博说一定"),
]


@pytest.mark.parametrize(("text", "view"), VIEWS)
def test_normalised_view(text: str, view: str) -> None:
    assert normalise(text).text == view


@pytest.mark.parametrize(("text", "value"), [
    ("我的手机号是一三九三个八一二三四五，您记一下", "一三九三个八一二三四五"),
    ("打这个电话139呃1234嗯5678就行", "139呃1234嗯5678"),
    ("邮箱z h a n g 艾特 qq 点 com吧", "z h a n g 艾特 qq 点 com"),
    ("护照号E 一二三四五六七八。", "E 一二三四五六七八"),
])
def test_spans_in_the_view_map_back_to_what_was_said(text: str, value: str) -> None:
    view = normalise(text)
    clean = normalise(value).text
    start = view.text.index(clean)
    assert view.original_span(start, start + len(clean)) == (text.index(value), text.index(value) + len(value))


def test_every_view_character_maps_into_the_original_in_order() -> None:
    text = "电话幺三八，呃，两个零 1 2 3 4，嗯，五六七八 滬A"
    view = normalise(text)
    assert view.starts is not None and view.ends is not None
    assert len(view.starts) == len(view.text) == len(view.ends)
    assert list(view.starts) == sorted(view.starts) and all(0 <= a < b <= len(text) for a, b in
                                                             zip(view.starts, view.ends, strict=True))


def test_a_text_needing_no_edit_has_no_map() -> None:
    view = normalise("您好，请问有什么可以帮您")
    assert view.starts is None and view.original_span(2, 4) == (2, 4)
