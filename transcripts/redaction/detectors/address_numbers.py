"""Address numbers written without their unit word, as people type and say them.

- a bare room number after a building or unit (5栋302, 三单元 六零一);
- a bare house number right after a road, closing the address (建国路88，…): the 号 left out;
- building, unit and room joined by hyphens after a compound (莲花小区3-2-501, 阳光花园 5-302);
- digits said one by one with spaces (人民路 三 二 五 号): a spoken number the normaliser leaves apart.

What stays: a number after a road followed by anything but a boundary (中山路2公里, 解放路3站), a dashed
range that is not behind a compound (3-5天), a bare number after a building that is an amount (3楼 2000块).
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import NOT_PERSONAL_AFTER, after

NUMERAL = "零〇一二三四五六七八九幺两兩洞"
ROOM = re.compile(rf"\s?(?:\d{{3,4}}|[{NUMERAL}]{{3,4}}"
                  r"|[一二三四五六七八九两][百千][零一二三四五六七八九十百]{0,5})"
                  r"(?:室|房|号|號)?(?![\d号號栋棟楼樓])")
"""A bare room number after a building or unit: 5栋302, 三单元 六零一."""
BARE_HOUSE = re.compile(rf"\s?(?:\d{{1,4}}|[{NUMERAL}]{{2,4}})(?=\s*(?:$|[，。,.！!？?；;~]))")
"""A house number right after a road and before a boundary: 建国路88，到了打电话."""
DASHED = re.compile(r"\s?\d{1,3}(?:\s?[-－—]\s?\d{1,4}){1,2}(?![\d-])")
"""Building-unit-room or building-room joined by hyphens: 3-2-501, 5-302."""
AREA = ("平", "方", "尺", "寸")
"""Area and size units after a number (2楼 100平的那间): a quantity, not a room."""
SPACED_DIGITS = rf"[0-9{NUMERAL}](?: [0-9{NUMERAL}]){{1,5}}"
"""A number said digit by digit with a space between the digits (三 二 五)."""


def room_after(text: str, end: int) -> int:
    """The end of a bare room number right after ``end`` (``end`` when there is none, or when it is an
    amount or a quantity: 3楼 2000块)."""
    m = ROOM.match(text, end)
    if m is None or quantity(text, m.end()):
        return end
    return m.end()


def quantity(text: str, end: int) -> bool:
    """A unit right after a number that ends at ``end``: an amount, a time, a count or a size."""
    unit = after(text, end)
    return NOT_PERSONAL_AFTER.search(unit) is not None or unit.startswith(AREA)


def bare_house(text: str, end: int) -> int:
    """The end of a house number written without 号 right after a road ending at ``end`` (or ``end``)."""
    m = BARE_HOUSE.match(text, end)
    return m.end() if m else end


def dashed(text: str, end: int) -> int:
    """The end of a hyphen-joined building-unit-room number right after a compound (or ``end``)."""
    m = DASHED.match(text, end)
    if m is None or quantity(text, m.end()):
        return end
    return m.end()
