"""The grammar of a Chinese address: named places, numbered parts, and how they chain.

An address is a chain of parts, most general first, with nothing between them but a space:

    [division 省/市/区/县/镇/街道] [road 路/街/大道/巷/弄/胡同/里 (N段)] [house N号 / N弄 / 附N号]
    [compound 小区/花园/大厦/广场/校区/宿舍/村/屯/社区 …] [building N号楼/N栋/N幢/A座/N舍] [unit N单元]
    [floor N层/N楼] [room N室 / a bare 3–4 digit number]

Numbers are digits or spoken (二百三十, 三零二, 幺七幺). A named part is found from its suffix (the keyword)
backwards over name characters, stopping at function characters (我 在 是 的 …), so 我住在建国路 gives 建国路.
Traditional forms of every keyword are listed as well, for text the normaliser has not converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.redaction.detectors import address_numbers as numbers
from transcripts.redaction.digits import FILLERS

NUM = r"(?:\d{1,5}|[零〇一二三四五六七八九十百千幺两兩洞]{1,8})"
DASH = r"\s?[-－—]?\s?"
UNIT_KINDS = {
    "house": ("号院", "號院", "号", "號", "弄", "巷", "胡同"),
    "building": ("号楼", "號樓", "号房", "號房", "#楼", "#栋", "栋", "棟", "幢", "座", "舍", "楼", "樓"),
    "unit": ("单元", "單元"),
    "floor": ("层", "層"),
    "room": ("室",),
    "group": ("组", "組"),
    "segment": ("段", "期", "区", "區"),
}
UNIT_OF = {word: kind for kind, words in UNIT_KINDS.items() for word in words}
UNITS = "|".join(sorted(UNIT_OF, key=len, reverse=True))
KEYWORD_KINDS = {
    "road": ("大道", "大街", "胡同", "衚衕", "路", "街", "道", "巷", "弄", "里"),
    "village": ("新村", "村", "屯", "寨", "庄", "莊", "社区", "社區"),
    "compound": ("小区", "小區", "花园", "花園", "家园", "家園", "公寓", "大厦", "大廈", "广场", "廣場", "写字楼",
                 "寫字樓", "小镇", "商场", "商場", "商城", "购物中心", "中心", "大楼", "大樓", "苑", "园", "園", "府",
                 "湾", "灣", "城", "校区", "校區", "大学", "大學", "学院", "學院", "中学", "小学", "宿舍", "医院",
                 "醫院", "工业区", "开发区", "产业园", "大院", "山庄", "别墅", "公馆"),
    "admin": ("特别行政区", "自治区", "自治州", "自治县", "新区", "街道", "省", "市", "区", "區", "县", "縣", "镇",
              "鎮",
              "乡", "鄉", "旗"),
}
KIND_OF = {word: kind for kind, words in KEYWORD_KINDS.items() for word in words}
KEYWORDS = "|".join(sorted(KIND_OF, key=len, reverse=True))
STOP = ("我你您他她它们們在是的了住放寄送改吧呢吗嗎啊呀哦嗯呃把给給从從往就也要想请請帮幫对對不没沒还還再这這那哪"
        "么麼个個到")
NAME_CHAR = re.compile(rf"[^\W\d_{STOP}]")
NAME_OR_STOP = re.compile(r"[^\W\d_A-Za-z]+")
LETTER_UNITS = ("座", "栋", "棟", "幢", "区", "區", "楼", "樓", "单元", "單元")
WORD = re.compile("|".join(sorted({*UNIT_OF, *KIND_OF}, key=len, reverse=True)))
"""Every unit and keyword, as plain alternatives: ``re`` skips straight to their first characters (a pattern
opening with a number would try every digit and numeral of the text); the number is looked up behind."""
NUMBER_BEFORE = re.compile(rf"(?:附|之|第)?(?:{numbers.SPACED_DIGITS}|{NUM}){DASH}$")
MISHEARD_BEFORE = re.compile(rf"{NUM}[^\W\d_A-Za-z]{{1,2}}$")
"""单元 / 号楼 after a number and one or two other characters: Whisper writes 栋四单元 as 动词单元."""
SAID_AS_WORDS = re.compile(r"[^\W\d_A-Za-z]{1,4}$")
"""单元 / 号楼 right after a house number and up to four other characters: the building number itself heard
as words (十七栋二单元 → 时期动词单元); the characters between stand for the number."""
STRONG_UNITS = frozenset({"单元", "單元", "号楼", "號樓", "号院", "號院"})
LETTER_BEFORE = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]\s?$")
LOOK_BACK = 14
COMMON_WORDS = frozenset({
    "知道", "频道", "渠道", "通道", "味道", "难道", "報道", "报道", "顺道", "管道", "轨道", "车道", "跑道", "一道",
    "这里", "那里", "哪里", "家里", "心里", "公里", "手里", "夜里", "城里", "村里", "里", "道", "街", "城", "中心",
    "地区", "市区", "园", "府", "湾", "庄", "服务中心", "客服中心", "进城", "全城", "同城", "长城"
})
"""Words that end in a place keyword but are not places (知道, 这里, 频道): a named part needs more than these."""
LEAD = re.compile(r"^(?:收货|收件|送货|家庭|详细|公司|单位|现在|新的)?(?:地址|住址)(?:是|为)?")
"""Cue words a named part may have swallowed at its start (地址建国路 → 建国路; 改成 is cut in ``name_start``)."""
KEEP = frozenset({"解放", "开放", "大到"})
"""Place words holding a cue character (解放路; 大到 is how Whisper writes 大道): the name goes on through them."""
HESITATIONS = frozenset({*FILLERS, "那个", "就是"})
"""Said between two parts of one address (长江路 呃 128号); the chain goes on through them."""
MAX_NAME = 10
MAX_GAP_NAME = 4
"""Name characters allowed between two parts without a keyword of their own (紫金港校区 蓝田 三舍)."""


QUANTITY = re.compile(r"^(?:一|两|兩|几|幾)(?:座|栋|棟|幢|层|層|楼|樓)$")
"""一座园, 两层楼: a quantity, not a building number, when it opens a chain."""


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    kind: str
    """A ``KEYWORD_KINDS`` kind for named parts, a ``UNIT_KINDS`` kind for numbered ones."""
    named: bool
    text: str


def name_start(text: str, kw_start: int, floor: int = 0) -> int:
    """Where the name before ``kw_start`` begins: back over name characters, at most ``MAX_NAME``."""
    start = kw_start
    while start > floor and kw_start - start < MAX_NAME and (
            NAME_CHAR.match(text, start - 1) or text[max(0, start - 2):start] in KEEP):
        start -= 1
    if start > 0 and text[start] in "成为" and text[start - 1] in "改变换":
        start += 1
    return start


def _said_as_words(text: str, window: str, at: int) -> re.Match[str] | None:
    """``SAID_AS_WORDS`` in ``window`` (the text before ``at``), only right after a house number's 号."""
    said = SAID_AS_WORDS.search(window)
    begin = at - len(window) + said.start() if said else 0
    if said is None or begin == 0 or text[begin - 1] not in "号號":
        return None
    return said if all(NAME_CHAR.match(ch) for ch in said.group()) else None  # 那边单元: words, not a number


def _numbered(text: str, m: re.Match[str], floor: int) -> Part | None:
    """The numbered part ending with unit ``m`` (3号楼, 二单元, B座), or None when no number is before it."""
    word = m.group()
    window = text[max(floor, m.start() - LOOK_BACK):m.start()]
    if word in UNIT_OF:
        number = NUMBER_BEFORE.search(window) or (
            (MISHEARD_BEFORE.search(window) or _said_as_words(text, window, m.start())) if word in STRONG_UNITS
            else None)
        if number:
            return Part(m.start() - len(window) + number.start(), m.end(), UNIT_OF[word], False,
                        number.group() + word)
    if word in LETTER_UNITS:
        letter = LETTER_BEFORE.search(window)
        if letter:
            return Part(m.start() - len(window) + letter.start(), m.end(), UNIT_OF.get(word, "building"), False,
                        letter.group() + word)
    return None


def _named(text: str, m: re.Match[str], floor: int, out: list[Part]) -> Part | None:
    """The named part ending with keyword ``m``: its name runs back over name characters (``name_start``)."""
    start = name_start(text, m.start(), floor)
    if out and out[-1].named and out[-1].end == m.start():  # 幸福里 + 小区: one named part
        start = out.pop().start
    word = text[start:m.end()]
    lead = LEAD.match(word)
    if lead and lead.end() < len(word):
        start, word = start + lead.end(), word[lead.end():]
    if start == m.start() and not (out and out[-1].end == start):
        return None  # a keyword with no name before it (楼 里 道 alone)
    return Part(start, m.end(), KIND_OF[m.group()], True, word)


def parts(text: str) -> list[Part]:
    """Every part of every address-like chain in ``text``, in order."""
    out: list[Part] = []
    floor = 0
    for m in WORD.finditer(text):
        part = _numbered(text, m, floor)
        if part is None and m.group() in KIND_OF:
            part = _named(text, m, floor, out)
        if part is not None:
            out.append(part)
            floor = m.end()
            bare = _unit_less(text, part)
            if bare is not None:
                out.append(bare)
                floor = bare.end
    return out


def _unit_less(text: str, part: Part) -> Part | None:
    """A number without a unit word right after a named part: a road's house number (建国路88，), a
    compound's hyphen-joined building-unit-room (莲花小区3-2-501); see ``address_numbers``."""
    if not part.named or part.kind not in ("road", "compound", "village"):
        return None
    end = numbers.bare_house(text, part.end) if part.kind == "road" else numbers.dashed(text, part.end)
    kind = "house" if part.kind == "road" else "building"
    return Part(part.end, end, kind, False, text[part.end:end]) if end > part.end else None


def chains(text: str, found: list[Part]) -> list[list[Part]]:
    """Runs of parts separated only by spaces (or a short unnamed name: 蓝田 in 校区蓝田三舍)."""
    out: list[list[Part]] = []
    for part in found:
        if out:
            gap = text[out[-1][-1].end:part.start]
            bare = "".join(gap.split())
            if len(gap) - len(bare) <= 2 and (not bare or _joins(out[-1][-1], part, gap, bare)):
                out[-1].append(part)
                continue
        out.append([part])
    return out


def _joins(left: Part, right: Part, gap: str, bare: str) -> bool:
    """Whether a non-blank gap still belongs to one address: a short name (校区 蓝田 三舍), an enumeration
    comma, or up to two misheard characters between two numbered parts (ASR: 155号、2号也6号楼)."""
    if right.named:
        return False
    if bare == gap and len(bare) <= MAX_GAP_NAME and all(NAME_CHAR.match(c) for c in bare):
        return True
    if bare in HESITATIONS:
        return True  # 长江路呃128号: a hesitation between two parts
    if left.named:
        return False
    return bare in ("、", "，", ",") or (len(bare) <= 2 and NAME_OR_STOP.fullmatch(bare) is not None)

