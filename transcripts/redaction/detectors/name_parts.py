"""Names without a Chinese surname that need no cue: minority names from their parts, dotted names, pinyin.

- ``MINORITY_PARTS``: frequent components of Uyghur, Kazakh, Tibetan and Mongolian personal names as
  written in Chinese, hand-listed from the naming customs (the same hand wrote the minority names that
  ``bench/redaction_forms/external.py`` fills into JDDC, so JDDC figures for those are not independent).
  Two of them in a row (扎西多吉, 次仁卓玛, 乌兰其其格, 热依拉买买提), or one of three characters or more
  (巴特尔), make a name; so does a dotted run (古丽娜·买买提, 玛丽亚·冈萨雷斯) whose characters are
  transliteration characters (``name_foreign.CHARACTERS``) or minority parts, not only common ones.
- pinyin / English full names (Kevin Zhang, Zhang Wei, Lily Chen): two capitalised words, one of them a
  Chinese surname in pinyin (from ``pypinyin``, loaded on first use) or a common English given name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transcripts.redaction.detectors.name_foreign import CHARACTERS, COMMON

MINORITY_PARTS = (
    # Uyghur / Kazakh
    "买买提", "艾力", "阿不都", "阿卜杜", "热合曼", "吐尔逊", "古丽", "阿依", "热依拉", "迪丽", "努尔", "帕提",
    "艾尔肯",
    "依明", "艾合买提", "阿力木", "麦麦提", "玉苏甫", "吾斯曼", "阿布力孜", "阿里木", "热孜万", "米娜", "再娜甫",
    "阿依古丽", "古丽娜", "古丽扎尔", "努尔古丽", "塔依尔", "卡德尔", "肉孜", "依力哈木", "娜扎", "热娜", "巴合提",
    # Tibetan
    "扎西", "次仁", "卓玛", "多吉", "达瓦", "尼玛", "平措", "格桑", "旺堆", "央金", "拉姆", "德吉", "益西", "丹增",
    "索朗", "普布", "边巴", "白玛", "次旦", "顿珠", "洛桑", "琼达", "曲珍", "措姆", "仁增", "巴桑", "米玛", "旺姆",
    # Mongolian
    "巴特尔", "其其格", "乌兰", "苏和", "额尔敦", "哈斯", "图雅", "宝音", "朝鲁", "斯琴", "高娃", "那仁", "满都拉",
    "乌日娜", "格日勒", "孟和", "巴雅尔", "萨仁", "阿拉坦", "敖登", "吉日嘎拉", "呼和",
)
PART = "|".join(sorted(MINORITY_PARTS, key=len, reverse=True))
BY_PARTS = re.compile(rf"(?:{PART})(?:{PART}){{0,2}}")
"""One to three parts, the first written out so ``re`` skips to its first characters; ``uncued`` keeps two or
more, or one long part alone (巴特尔, 买买提, 其其格 are whole names)."""
SHORT_PARTS = frozenset(p for p in MINORITY_PARTS if len(p) < 3)
"""The first part written out: ``re`` then skips to its first characters (80× faster than ``(?:…){2,3}``)."""
DOTS = "·•・‧"
DOTTED = re.compile(r"[^\W\d_A-Za-z]{2,8}(?:[·•・‧][^\W\d_A-Za-z]{1,10}){1,3}")
PART_CHARS = frozenset("".join(MINORITY_PARTS))
MIN_NAME_SHARE = 0.8
"""Share of a dotted run's characters that must be transliteration or minority-name characters."""
_GIVEN_WORDS = (
    "James John Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew Anthony Mark Paul Steven "
    "Andrew Kevin Brian George Edward Jason Jeff Ryan Jacob Gary Eric Jonathan Stephen Frank Scott Justin Brandon "
    "Peter Alex Jack Tom Tony Sam Leo Max Ben Henry Jerry Vincent Allen Alan Bruce Simon Victor Ivan Sean Louis Oscar "
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Ashley Emily "
    "Donna Michelle Amanda Melissa Stephanie Rebecca Laura Amy Anna Helen Emma Olivia Sophia Grace Lily Lucy Alice "
    "Cindy Wendy Vivian Coco Cathy Tina Nina Jenny Judy Angela Annie Sally Rose Iris Ivy Joy Kelly Sunny Cherry Jane "
    "Maria Julia Sophie Chloe Zoe Ella Mia Eva Fiona Gloria Irene Kate Kitty Sherry Stella Tracy Yuki Eason Jay"
)
ENGLISH_GIVEN = frozenset(_GIVEN_WORDS.split())


@lru_cache(maxsize=1)
def pinyin_surnames() -> frozenset[str]:
    """The surnames of ``names`` in toneless pinyin, capitalised (Zhang, Ouyang), loaded on first use."""
    from pypinyin import Style, lazy_pinyin

    from transcripts.redaction.detectors.names import COMPOUND, SINGLE

    return frozenset("".join(lazy_pinyin(s, style=Style.NORMAL)).capitalize() for s in (*SINGLE, *COMPOUND))


def latin_name(words: str) -> bool:
    first, last = words.split()
    surnames = pinyin_surnames()
    return first in ENGLISH_GIVEN or ((first in surnames or last in surnames) and first not in ENGLISH_COMMON)


_COMMON_WORDS = ("The This That Thank Thanks Hello Dear Good Best Happy New Smart Super Pro Max Plus Mini Air Apple "
                 "Home Big Little Sport Free")
ENGLISH_COMMON = frozenset(_COMMON_WORDS.split())
"""Capitalised English words that start product names and greetings (Apple Li Ning is a brand)."""


def uncued(text: str) -> list[tuple[int, int]]:
    """Spans of minority names by their parts and of dotted names of name characters."""
    out = [(m.start(), m.end()) for m in BY_PARTS.finditer(text) if m.group() not in SHORT_PARTS]
    if not any(dot in text for dot in DOTS):
        return out
    for m in DOTTED.finditer(text):
        chars = [c for c in m.group() if c not in DOTS]
        named = sum(c in CHARACTERS or c in PART_CHARS for c in chars)
        if named >= MIN_NAME_SHARE * len(chars) and any(c not in COMMON for c in chars):
            out.append((m.start(), m.end()))
    return out
