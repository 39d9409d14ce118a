"""External ground truth for the redaction evaluation (issue 14), read in place from ``$CALLQA_DATA``.

- ``weibo``: Weibo NER (Peng & Dredze 2015, 2nd version) test split, person names (``PER.NAM``) as
  PERSON_NAME; nominal mentions (``PER.NOM``: 男人, 老师) are not personal data and are not labelled.
- ``cluener_street``: CLUENER2020 dev names, and only the address entities at street level or finer (the
  others are cities and regions, which are not personal data).
- ``jddc``: the JDDC 2019 chat sample, its anonymiser's placeholders filled with values. The personal ones
  ([电话x] [身份证号x] [邮箱x] [姓名x] [地址x]) get values in many forms (addresses with and without
  prefix, spaced, Chinese numerals, compounds, villages, campuses; names with compound surnames,
  minority and transliterated names, pinyin); the others (amounts, orders, dates, times) must survive.
Nothing here is copied into the repository; every function yields nothing when its file is absent.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redaction_set
from redaction_set import DATA

WEIBO = DATA / "ner_pii" / "weibo_ner" / "weiboNER_2nd_conll.test"
PREFIXES = ("", "", "", "上海市", "浙江省杭州市", "杭州", "深圳市南山区", "成都", "江苏省南京市鼓楼区", "海淀区",
            "武昌区")
ROADS = ("延安西路", "解放路", "学院路", "新华大街", "滨江大道", "青年路", "金沙江路", "二环路", "五一路", "长安街")
COMPOUNDS = ("碧桂园", "万科城", "绿地小区", "锦绣花园", "紫荆公寓", "恒大名都", "保利香槟国际", "富力城", "时代广场",
             "银泰中心", "望京SOHO")
VILLAGES = ("李家村", "张庄", "前进村", "黄土屯", "石桥村")
CAMPUSES = ("复旦大学邯郸校区", "华中科技大学", "南京大学仙林校区", "中山大学")
DIGITS = "零一二三四五六七八九"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "公孙", "夏侯", "尉迟")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志宏文博宇浩然子轩梓涵一诺欣怡雨桐"
MINORITY = ("热依拉·买买提", "阿不都·热合曼", "古丽扎尔·吐尔逊", "扎西多吉", "次仁卓玛", "巴特尔", "乌兰其其格")
FOREIGN = ("玛丽亚·冈萨雷斯", "亚历山大·伊万诺夫", "Tom Wilson", "Kevin Zhang", "Li Xiaoming")


def weibo(path: Path = WEIBO) -> Iterator[dict[str, object]]:
    """Weibo NER test messages with their PER.NAM spans."""
    if not path.exists():
        return
    chars: list[str] = []
    spans: list[dict[str, object]] = []
    n = 0
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if chars:
                n += 1
                yield {"id": f"weibo-{n}", "source": "weibo", "text": "".join(chars), "spans": spans}
            chars, spans = [], []
            continue
        token, _, tag = line.rpartition("\t")
        char = token[:-1] if len(token) > 1 and token[-1].isdigit() else token
        if tag == "B-PER.NAM":
            spans.append({"start": len(chars), "end": len(chars) + 1, "type": "PERSON_NAME"})
        elif tag == "I-PER.NAM" and spans and spans[-1]["end"] == len(chars):
            spans[-1]["end"] = len(chars) + 1
        chars.append(char)


STREET_LEVEL = re.compile(r"[路街巷弄号號栋幢座楼室村屯组]|小区|花园|大厦|广场|社区|公寓|胡同|校区|宿舍")
"""An address entity at street level or finer (CLUENER's ``address`` is mostly cities and regions)."""


def cluener_street() -> Iterator[dict[str, object]]:
    """CLUENER2020 dev with its names and only its street-level (or finer) address entities as gold."""
    for rec in redaction_set.cluener((("address", "ADDRESS"), ("name", "PERSON_NAME"))):
        text = str(rec["text"])
        spans = [s for s in rec["spans"]  # type: ignore[attr-defined]
                 if s["type"] != "ADDRESS" or STREET_LEVEL.search(text[s["start"]:s["end"]])]
        yield {**rec, "source": "cluener-street", "spans": spans}


def number(n: int, rng: random.Random) -> str:
    form = rng.random()
    if form < 0.5:
        return str(n)
    if form < 0.75 or n >= 1000:
        return "".join(DIGITS[int(d)] for d in str(n))
    tens, ones = divmod(n % 100, 10)
    head = f"{DIGITS[n // 100]}百" if n >= 100 else ""
    return head + (f"{DIGITS[tens]}十" if tens else ("零" if head and ones else "")) + (DIGITS[ones] if ones else "")


def address(rng: random.Random) -> str:
    r, sep = rng.randint, (" " if rng.random() < 0.25 else "")
    shape = rng.random()
    if shape < 0.4:
        parts = [rng.choice(ROADS) + f"{number(r(1, 999), rng)}号"]
        if rng.random() < 0.6:
            parts += [f"{number(r(1, 30), rng)}栋", f"{number(r(101, 2806), rng)}"]
    elif shape < 0.7:
        parts = [rng.choice(COMPOUNDS), f"{number(r(1, 20), rng)}{rng.choice(['栋', '幢', '号楼', '座'])}",
                 f"{number(r(1, 6), rng)}单元", f"{number(r(101, 2806), rng)}室"]
    elif shape < 0.85:
        parts = [rng.choice(VILLAGES), f"{number(r(1, 9), rng)}组", f"{number(r(1, 99), rng)}号"]
    else:
        parts = [rng.choice(CAMPUSES), f"{number(r(1, 40), rng)}号楼", f"{number(r(101, 620), rng)}"]
    return rng.choice(PREFIXES) + sep + sep.join(parts)


def name(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.6:
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2])))
    if shape < 0.75:
        return rng.choice(COMPOUND_SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2])))
    if shape < 0.88:
        return rng.choice(MINORITY)
    return rng.choice(FOREIGN)


def jddc(seed: int = 1402) -> Iterator[dict[str, object]]:
    """JDDC turns with placeholders, filled (``redaction_set.fill``) with the varied values above."""
    saved = dict(redaction_set.PII)
    redaction_set.PII["[地址x]"] = ("ADDRESS", address)
    redaction_set.PII["[姓名x]"] = ("PERSON_NAME", name)
    try:
        yield from redaction_set.jddc(random.Random(seed))
    finally:
        redaction_set.PII.update(saved)
