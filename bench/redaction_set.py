"""Build the redaction evaluation set: real dialogue text with personal data in the forms ASR produces.

Sources (read in place from ``$CALLQA_DATA``, default ``/work/shared/data``; research-only, never copied
into the repository):
- JDDC chat: its anonymiser left placeholders ([电话x] [身份证号x] [邮箱x] [姓名x] [地址x] …). Personal
  placeholders are filled with generated values in many written and spoken forms and labelled; the
  non-personal ones ([金额x] [订单x] [数字x] [日期x] [时间x]) are filled with amounts, order numbers,
  quantities, dates and times, which must NOT be redacted (precision).
- CLUENER2020 dev (``name`` spans → PERSON_NAME) and MSRA NER test (``/nr`` → PERSON_NAME).
- Template sentences for the types JDDC lacks (bank cards, SMS codes, plates, passports, QQ/WeChat IDs,
  birth dates) and for hard negatives (hotlines, tracking and model numbers, read-back of the last four).

Every record: ``{"id", "source", "text", "spans": [{"start", "end", "type"}]}``. Deterministic (seeded).
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

DATA = Path(os.environ.get("CALLQA_DATA", "/work/shared/data"))
NUM = "零一二三四五六七八九"
Span = dict[str, object]

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "公孙", "长孙", "宇文", "夏侯")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志宏文博宇浩然子轩梓涵一诺欣怡雨桐俊杰晓东海燕"
PROVINCES = ("北京市", "上海市", "广东省深圳市", "浙江省杭州市", "江苏省南京市", "四川省成都市", "湖北省武汉市",
             "山东省济南市")
DISTRICTS = ("朝阳区", "海淀区", "南山区", "西湖区", "鼓楼区", "武侯区", "洪山区", "历下区", "浦东新区", "天河区")
ROADS = ("建国路", "中关村大街", "科技园南路", "文三路", "中山北路", "人民南路", "珞喻路", "泉城路", "世纪大道",
         "天河北路")


def spoken(digits: str, rng: random.Random) -> str:
    out = "".join(NUM[int(d)] if d.isdigit() else d for d in digits)
    return out.replace("一", "幺") if rng.random() < 0.4 else out


def grouped(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, pos = [], 0
    for size in sizes:
        parts.append(digits[pos:pos + size])
        pos += size
    if pos < len(digits):
        parts.append(digits[pos:])
    return sep.join(p for p in parts if p)


def phone(rng: random.Random) -> str:
    if rng.random() < 0.15:  # landline
        digits = rng.choice(["010", "021", "0755", "0571"]) + str(rng.randint(2, 8)) + "".join(
            rng.choices("0123456789", k=7))
        return digits if rng.random() < 0.5 else f"{digits[:-8]}-{digits[-8:]}"
    digits = "1" + rng.choice("3456789") + "".join(rng.choices("0123456789", k=9))
    form = rng.random()
    if form < 0.35:
        return digits
    if form < 0.55:
        return grouped(digits, (3, 4, 4), rng.choice([" ", "-"]))
    if form < 0.65:
        return "+86 " + digits
    if form < 0.85:
        return spoken(digits, rng)
    return grouped(spoken(digits, rng), (3, 4, 4), rng.choice([" ", "，"]))


def id_number(rng: random.Random) -> str:
    body = rng.choice(["110105", "310104", "440305", "330106", "320102", "510107"]) + \
        f"{rng.randint(1950, 2008)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + "".join(
            rng.choices("0123456789", k=3))
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))
    number = body + "10X98765432"[total % 11]
    return spoken(number, rng) if rng.random() < 0.35 else number


def card_number(rng: random.Random) -> str:
    body = rng.choice(["622202", "622848", "621700", "622588", "436742"]) + "".join(
        rng.choices("0123456789", k=rng.choice([9, 12])))
    checksum = (10 - sum(int(d) if i % 2 else sum(divmod(2 * int(d), 10))
                         for i, d in enumerate(reversed(body))) % 10) % 10
    number = body + str(checksum)
    form = rng.random()
    if form < 0.4:
        return number
    if form < 0.7:
        return grouped(number, (4, 4, 4, 4), " ")
    return spoken(number, rng)


def email(rng: random.Random) -> str:
    local = rng.choice(["zhang", "li.na", "wangwei", "chen_xi", "liu88", "sun.yu"]) + str(rng.randint(1, 999))
    domain = rng.choice(["qq", "163", "126", "gmail", "sina", "foxmail"])
    if rng.random() < 0.35:
        return f"{local}艾特{domain}点com"
    return f"{local}@{domain}.com"


def name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND) if rng.random() < 0.05 else rng.choice(SURNAMES)
    return surname + "".join(rng.choices(GIVEN, k=rng.choice([1, 2, 2])))


def address(rng: random.Random) -> str:
    number = str(rng.randint(1, 999))
    building, unit, room = rng.randint(1, 30), rng.randint(1, 6), f"{rng.randint(1, 30)}{rng.randint(1, 4):02d}"
    digits: Callable[[str], str] = (lambda s: spoken(s, rng)) if rng.random() < 0.3 else str
    return (f"{rng.choice(PROVINCES)}{rng.choice(DISTRICTS)}{rng.choice(ROADS)}{digits(number)}号"
            f"{digits(str(building))}栋{digits(str(unit))}单元{digits(room)}室")


NON_PII: dict[str, Callable[[random.Random], str]] = {
    "[金额x]": lambda r: r.choice([f"{r.randint(10, 3000)}元", f"{r.randint(1, 999)}.{r.randint(0, 99):02d}",
                                   "两百块", "三百五十元", f"{r.randint(100, 9999)}"]),
    "[订单x]": lambda r: str(r.randint(7, 9)) + "".join(r.choices("0123456789", k=r.choice([10, 11]))),
    "[数字x]": lambda r: str(r.randint(1, 999)),
    "[日期x]": lambda r: r.choice([f"{r.randint(1, 12)}月{r.randint(1, 28)}日", f"2026-{r.randint(1, 12):02d}-"
                                   f"{r.randint(1, 28):02d}", "十一月二十一号"]),
    "[时间x]": lambda r: r.choice([f"{r.randint(8, 22)}:{r.randint(0, 59):02d}", "下午三点半", "晚上八点"]),
}
PII: dict[str, tuple[str, Callable[[random.Random], str]]] = {
    "[电话x]": ("PHONE", phone), "[身份证号x]": ("ID_CARD", id_number), "[邮箱x]": ("EMAIL", email),
    "[姓名x]": ("PERSON_NAME", name), "[地址x]": ("ADDRESS", address),
}
PLACEHOLDER = re.compile(r"\[(?:电话|身份证号|邮箱|姓名|地址|金额|订单|数字|日期|时间|站点|链接|组织机构)x\]")
OTHER_FILL = {"[站点x]": "北京朝阳站", "[链接x]": "https://item.jd.com/100012.html", "[组织机构x]": "京东物流"}
FIELD_CUE = re.compile(r"(?:订单号|单号|运单|纳税人识别|税号|识别码|条形码|序列号|编号|发票号)"
                       r"[^\[\]]{0,4}(?:\[数字x\])?$")
"""JDDC's anonymiser also typed some order, waybill, barcode and company tax-ID fields as [电话x] or
[身份证号x] (9 in the sample: 订单号: [电话x], 纳税人识别号: [身份证号x], 天猫订单号:[数字x][身份证号x]…).
A personal value there would contradict the must-not-redact rule for those fields, so such a placeholder
is filled with an order number, unlabelled (a precision negative)."""


def fill(text: str, rng: random.Random) -> tuple[str, list[Span]]:
    out, spans, pos = [], [], 0
    for m in PLACEHOLDER.finditer(text):
        out.append(text[pos:m.start()])
        start = sum(len(p) for p in out)
        key = m.group()
        if key in ("[电话x]", "[身份证号x]") and FIELD_CUE.search(text[max(0, m.start() - 18):m.start()]):
            key = "[订单x]"
        if key in PII:
            kind, make = PII[key]
            value = make(rng)
            spans.append({"start": start, "end": start + len(value), "type": kind})
        elif key in NON_PII:
            value = NON_PII[key](rng)
        else:
            value = OTHER_FILL[key]
        out.append(value)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def jddc(rng: random.Random) -> Iterator[dict[str, object]]:
    path = DATA / "dialogue_cs" / "jddc_sample" / "chat_0.1per.txt"
    if not path.exists():
        return
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        parts = line.split("\t")
        if len(parts) < 7 or not PLACEHOLDER.search(parts[6]):
            continue
        text, spans = fill(parts[6], rng)
        yield {"id": f"jddc-{n}", "source": "jddc", "text": text, "spans": spans}


def cluener(labels: tuple[tuple[str, str], ...] = (("name", "PERSON_NAME"),)) -> Iterator[dict[str, object]]:
    """CLUENER2020 dev sentences with the given (CLUENER label, redaction type) spans as gold."""
    path = DATA / "ner_pii" / "cluener2020" / "dev.json"
    if not path.exists():
        return
    raw, decoder, pos, n = path.read_text(encoding="utf-8"), json.JSONDecoder(), 0, 0
    while pos < len(raw):
        while pos < len(raw) and raw[pos].isspace():
            pos += 1
        if pos >= len(raw):
            break
        obj, pos = decoder.raw_decode(raw, pos)
        spans = [{"start": s, "end": e + 1, "type": kind} for label, kind in labels
                 for s, e in (sp for spans in obj.get("label", {}).get(label, {}).values() for sp in spans)]
        n += 1
        yield {"id": f"cluener-{n}", "source": "cluener", "text": obj["text"], "spans": spans}


def msra(limit: int = 1500) -> Iterator[dict[str, object]]:
    path = DATA / "ner_pii" / "msra_ner" / "testright1.txt"
    if not path.exists():
        return
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()[:limit]):
        text, spans = "", []
        for token in line.split():
            word, _, tag = token.rpartition("/")
            if tag == "nr":
                spans.append({"start": len(text), "end": len(text) + len(word), "type": "PERSON_NAME"})
            text += word
        if text:
            yield {"id": f"msra-{n}", "source": "msra", "text": text, "spans": spans}


TEMPLATES: list[tuple[str, str, Callable[[random.Random], str]]] = [
    ("BANK_CARD", "我的银行卡号是{v}，麻烦帮我查一下", card_number),
    ("BANK_CARD", "退款退到这张卡上吧，{v}", card_number),
    ("BANK_CARD", "卡号{v}对吗", card_number),
    ("VERIFICATION_CODE", "验证码是{v}", lambda r: "".join(r.choices("0123456789", k=6))),
    ("VERIFICATION_CODE", "我收到的验证码{v}", lambda r: spoken("".join(r.choices("0123456789", k=6)), r)),
    ("VERIFICATION_CODE", "动态密码{v}，你看一下", lambda r: "".join(r.choices("0123456789", k=r.choice([4, 6])))),
    ("LICENSE_PLATE", "我的车牌是{v}", lambda r: r.choice("京沪粤浙苏川") + r.choice("ABCDE") + "".join(
        r.choices("0123456789ABCDEFGHJK", k=5))),
    ("PASSPORT", "护照号是{v}", lambda r: r.choice("EG") + "".join(r.choices("0123456789", k=8))),
    ("SOCIAL_ACCOUNT", "加我QQ号{v}吧", lambda r: str(r.randint(10000, 9999999999))),
    ("SOCIAL_ACCOUNT", "我微信号是{v}", lambda r: r.choice(["wx_", "zhang", "li"]) + str(r.randint(1000, 99999))),
    ("PHONE", "您好，请问是{v}的机主吗", phone),
    ("PHONE", "号码是{v}，打这个就行", phone),
    ("ID_CARD", "身份证号{v}", id_number),
    ("PERSON_NAME", "我叫{v}，订单是我下的", name),
    ("PERSON_NAME", "收件人{v}，电话你们有", name),
    ("PERSON_NAME", "您好{v}先生，这里是客服中心", name),
    ("ADDRESS", "地址改成{v}", address),
    ("BIRTH_DATE", "我的出生日期是{v}", lambda r: r.choice([f"{r.randint(1950, 2005)}年{r.randint(1, 12)}月"
                                                          f"{r.randint(1, 28)}日",
                                                          f"{r.randint(1950, 2005)}-{r.randint(1, 12):02d}-"
                                                          f"{r.randint(1, 28):02d}",
                                                          spoken(str(r.randint(1950, 2005)), r) + "年三月七号"])),
]
NEGATIVES = [
    "客服热线95588，或者拨打400-820-8820", "您可以打10086咨询", "快递单号SF1234567890123", "型号是RX-2000",
    "您卡的尾号5678对吗", "手机后四位一二三四", "退款一千二百元三到五个工作日到账", "订单号7123456789012",
    "一共是两百三十元", "大概24小时内处理", "我等了30分钟", "二零二六年十一月二十一号下的单", "工号一零三二为您服务",
    "温度调到二十六度", "第三次打电话了", "您的积分是12580分", "运单号JD0012345678901", "会员号尾号是8866",
]


def templates(rng: random.Random, per: int = 40) -> Iterator[dict[str, object]]:
    n = 0
    for kind, pattern, make in TEMPLATES:
        for _ in range(per):
            value = make(rng)
            start = pattern.index("{v}")
            n += 1
            yield {"id": f"tpl-{n}", "source": "templates", "text": pattern.replace("{v}", value),
                   "spans": [{"start": start, "end": start + len(value), "type": kind}]}
    for k, text in enumerate(NEGATIVES * 5):
        yield {"id": f"neg-{k}", "source": "negatives", "text": text, "spans": []}


def build(seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [*jddc(rng), *cluener(), *msra(), *templates(rng)]
