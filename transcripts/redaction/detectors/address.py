"""Addresses at street level or finer (formats.md §4), with or without the province/city prefix.

``address_grammar`` cuts a text into chains of address parts; a chain is an address when it reaches below
the city: a road, compound or village with a number (建国路88号, 幸福里小区8幢, 王家村三组), two numbered
parts (3栋2单元501), or a road / compound / numbered building right after a location cue (住在翠苑小区,
送到3号楼). The division prefix before it (北京市朝阳区, 朝阳 when said without 区) comes from the
administrative gazetteer (``gazetteer``) and is redacted with the rest. A division alone (我在上海,
北京市朝阳区) is city level: it does not identify a household and stays.
"""

from __future__ import annotations

import re
from itertools import dropwhile, takewhile

from transcripts.redaction.detectors import address_grammar as grammar
from transcripts.redaction.detectors import address_numbers as numbers
from transcripts.redaction.detectors.base import Candidate, before
from transcripts.redaction.detectors.gazetteer import gazetteer
from transcripts.redaction.digits import DigitRun

HINT = re.compile(r"[路街道巷弄胡同里号號栋棟幢座单單层層楼樓室组組村屯社區区园園苑厦廈场場舍校院庄寨府城湾庭]")
"""Every address has one of these characters: most texts have none and skip the grammar."""
CUE = re.compile(r"(住在|住|住址|地址|寄到|寄往|寄|送到|送往|送|搬到|搬去|家在|位于|放到|放在|放|收货|改成|改为|改到|"
                 r"不对是|是在|就在|定位|导航到)[是为:：]?$")
"""Words right before a place that make it where someone lives or receives things."""
PLACE = {"road", "village", "compound"}
NUMBERED_FINE = {"house", "building", "unit", "floor", "room", "group"}
BUILDING = {"building", "unit", "floor", "house"}
MIN_LENGTH = 4
COUNTY = "区區县縣市镇鎮乡鄉"
NOT_ROAD = set("周月日天号下上本这今明后前")


def is_address(text: str, chain: list[grammar.Part]) -> bool:
    places = [p for p in chain if p.named and p.kind in PLACE and p.text not in grammar.COMMON_WORDS]
    numbered = [p for p in chain if not p.named and p.kind in NUMBERED_FINE]
    if places and numbered:
        return True
    if len(numbered) >= 2 and any(p.kind != "house" for p in numbered):
        return True
    if numbered and numbered[-1] is chain[-1] and chain[-1].kind in ("building", "unit") \
            and numbers.room_after(text, chain[-1].end) > chain[-1].end:
        return True  # 12栋502: a building and its room
    admin = list(takewhile(lambda p: p.named and p.kind == "admin", chain))
    if admin and len(chain) > len(admin) and admin[-1].text[-1] in COUNTY and chain[len(admin)].kind == "house" \
            and _misheard_road(text[admin[-1].end:chain[len(admin)].start]):
        return True  # 朝阳区文三路 misheard as 朝阳区文3198号: a district, then a house number
    cued = grammar_cue(text, chain[0].start)
    return cued and (bool(places) or any(p.kind in BUILDING - {"house"} for p in numbered))


def _misheard_road(gap: str) -> bool:
    """At most one character between a district and a house number, and not a time word (北京市下周3号)."""
    return len(gap) <= 1 and gap not in NOT_ROAD


def grammar_cue(text: str, start: int) -> bool:
    return CUE.search(before(text, start, 8)) is not None


def extent(text: str, chain: list[grammar.Part]) -> tuple[int, int]:
    """The chain's span, widened to the division names before it and a bare room number after it."""
    start, end = chain[0].start, chain[-1].end
    if not chain[0].named:  # a compound without a keyword: 恒大名都7栋, 望京SOHO 20号楼
        base = start - 1 if start and text[start - 1] == " " else start
        named = grammar.name_start(text, base)
        start = named if named < base else start
    if chain[-1].kind in {"building", "unit", "floor", "house"} and not chain[-1].named:
        end = numbers.room_after(text, end)
    places = gazetteer()
    while True:
        left = start - 1 if start > 0 and text[start - 1] == " " else start
        wider = places.admin_at_end(text, left)
        if wider == left:
            return misheard_city(text, start), end
        start = wider


DISTRICT_START = re.compile(r"[^\W_A-Za-z]{1,3}[区县]")
CITY_HEARD = re.compile(r"(?P<city>[^\W\d_A-Za-z]{2}[市是式事])$")
"""A city as Whisper writes it before a district: two characters and 市 or a homophone (城都是 for 成都市)."""


def misheard_city(text: str, start: int) -> int:
    """Where an address that opens with a district begins when the names before it are misheard and so
    not in the gazetteer: a numeral written for the district's first character (5侯区, 五侯区 for 武侯区)
    and a two-character city with 市 or its homophone before it (程都市, 城都是)."""
    if DISTRICT_START.match(text, start) is None:
        return start
    if start > 0 and text[start - 1].isdigit():
        start -= 1
    city = CITY_HEARD.search(text[max(0, start - 3):start])
    if city is None or grammar.LEAD.match(city.group()) or not all(grammar.NAME_CHAR.match(c) for c in city[0][:2]):
        return start  # 地址是, 我是: a cue or a function word, not a city
    return start - 3


class AddressDetector:
    name = "address_cn"
    version = "2.2"

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        if HINT.search(text) is None:
            return []
        out: list[Candidate] = []
        for found in grammar.chains(text, grammar.parts(text)):
            chain = list(dropwhile(lambda p: grammar.QUANTITY.match(p.text) is not None, found))
            if not chain or not is_address(text, chain):
                continue
            start, end = extent(text, chain)
            value = "".join(text[start:end].split())
            if len(value) >= MIN_LENGTH:
                conf = 0.85 if any(not p.named for p in chain) else 0.75
                out.append(Candidate(start, end, "ADDRESS", self.name, self.version, conf, value))
        return out
