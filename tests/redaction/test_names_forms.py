"""Table test of the name forms detector (issue 14): rows per category, and what must stay."""

from __future__ import annotations

import pytest

from transcripts.redaction.detectors.name_parts import latin_name, uncued
from transcripts.redaction.detectors.names_forms import FormsNameDetector

DETECTOR = FormsNameDetector()

FOUND = [
    ("我叫古丽娜·买买提", "古丽娜·买买提"),  # minority, dotted
    ("好的扎西多吉", "扎西多吉"),  # minority by its parts, no cue
    ("谢乌兰其其格 请问", "乌兰其其格"),
    ("我叫安娜·彼得罗娃", "安娜·彼得罗娃"),  # transliterated
    ("嗯嗯 白一点了 玛丽亚·冈萨雷斯", "玛丽亚·冈萨雷斯"),
    ("联系人Zhang Wei", "Zhang Wei"),  # pinyin after a cue
    ("那就算了，Kevin Zhang", "Kevin Zhang"),  # English given name + pinyin surname, no cue
    ("英文名叫Lily", "Lily"),
    ("车主是王 小 明", "王 小 明"),  # spaced character by character
    ("联系人陳偉", "陳偉"),  # Traditional surname
    ("学生姓名：司马俊杰", "司马俊杰"),  # compound surname after a weak cue
    ("诸葛国洋类型 京东安装", "诸葛国洋"),  # rare compound surname, no cue
    ("乘机人李秀英", "李秀英"),  # weak cues
    ("客人黄丽娟已入住", "黄丽娟"),
    ("业主张建国反映", "张建国"),
    ("帮我妈李秀英问一下", "李秀英"),  # family members
    ("我老公叫王强", "王强"),
    ("好的谢谢 —— 张伟", "张伟"),  # a signature
    # account holders, roles and more family verbs (D190)
    ("开户名严振东", "严振东"),
    ("户名：曾小贤", "曾小贤"),
    ("账户名程橙", "程橙"),
    ("转账给邱少华了", "邱少华"),  # 少 after a cue is a given-name character
    ("客户陆志明要求退款", "陆志明"),
    ("配送员:亚历山大·伊万诺夫，电话稍后发您", "亚历山大·伊万诺夫"),
    ("给我女儿陈思雨报的名", "陈思雨"),
    ("收货人:黄一超", "黄一超"),  # 一 in a given name
    # a contact line, lower-case pinyin, a transliterated name without surname
    ("方卫国 13912345678", "方卫国"),
    ("拼音 zhang wei", "zhang wei"),
    ("英文名是伊丽莎白", "伊丽莎白"),
    ("订票人 安东尼·约翰逊", "安东尼·约翰逊"),
]

KEPT = [
    "客人已经到了",  # weak cue + an ordinary word
    "车主说明天来",
    "学生会主席",
    "负责人员会联系您",
    "联系人电话是多少",
    "签名和盖章都要",
    "我工号10086A",
    "东方明珠很好看",  # 东方 is a direction, not a surname, without a cue
    "Apple Watch Series",
    "Happy New Year",
    "联系人王总",  # a surname with a title identifies no one
    "客户王总说要加急",
    "师傅马上到",
    "转账给商家了",  # a word after a weak cue
    "客户反馈说有异味",
    "本人是安徽的",  # a division after 我是 / 本人
    "我是西班牙人",
    "乘客华西医院下车",  # a place word across the name's end
    "用户协议在哪看",
    "拼音 ok de",
]


@pytest.mark.parametrize(("text", "value"), FOUND)
def test_finds_the_name(text: str, value: str) -> None:
    assert value in [text[c.start:c.end] for c in DETECTOR.detect(text, [])], text


@pytest.mark.parametrize("text", KEPT)
def test_keeps_ordinary_words(text: str) -> None:
    assert DETECTOR.detect(text, []) == [], text


def test_latin_names_need_a_surname_or_a_given_name() -> None:
    assert latin_name("Lily Chen") and latin_name("Li Xiaoming") and latin_name("Tom Wilson")
    assert not latin_name("Apple Store") and not latin_name("Happy Li")


def test_dotted_product_names_are_not_names() -> None:
    assert uncued("南极人·纯棉四件套") == []


@pytest.mark.parametrize(("text", "value"), [FOUND[0], FOUND[5], FOUND[8], FOUND[15]])
def test_the_redactor_masks_the_name(text: str, value: str) -> None:
    from transcripts.redaction.engine import build_redactor

    spans = [(text[s.start:s.end], s.type) for s in build_redactor().redact_text(text).spans]
    assert (value, "PERSON_NAME") in spans, text
