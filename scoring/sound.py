"""Matching by sound: each Chinese character becomes one code character standing for its toneless
pinyin syllable, so a sound match is an ordinary regex search on an encoded string of the same
length as the normalised sentence (positions map 1:1 back to the original characters).

``fuzzy`` also merges the initials and finals that regional accents and the ASR confuse
(z/zh, c/ch, s/sh, n/l, f/h, an/ang, en/eng, in/ing).

Heteronym policy (D141): a transcript character takes its first dictionary reading (one table look-up
per character, no word segmentation per call); a rubric phrase is encoded at load both that way and with
pypinyin's reading of the whole phrase (还款 → huan kuan), so 环款 matches 还款 and identical characters
always match.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from pypinyin import lazy_pinyin
from pypinyin.constants import PINYIN_DICT

Sound = Literal["exact", "pinyin", "fuzzy"]
SOUND_MODES: tuple[Sound, ...] = ("exact", "pinyin", "fuzzy")
DEFAULT_SOUND: Sound = "pinyin"
"""Used when neither the phrase block, its indicator nor the rubric says (measured: D80, D140)."""

_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("h", "f"))
_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))
_BASE = 0xF0000  # supplementary private use area: never occurs in a normalised transcript


def fuzz(syllable: str) -> str:
    """The fuzzy class of a toneless syllable: zh→z, ch→c, sh→s, l→n, h→f; ang→an, eng→en, ing→in."""
    for long, short in _INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long):]
            break
    for long, short in _FINALS:
        if syllable.endswith(long):
            return syllable[: -len(long)] + short
    return syllable


def toneless(reading: str) -> str:
    """``lǜ`` → ``lv``, ``huán`` → ``huan`` (pypinyin's NORMAL style)."""
    decomposed = unicodedata.normalize("NFD", reading.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
                                       .replace("ǚ", "v").replace("ǜ", "v"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class CodeTable(dict[int, str]):
    """``str.translate`` table: code point → the code character of its syllable, filled on first sight of a
    character (``__missing__``), so encoding a sentence is one C-level ``translate``."""

    def __init__(self, fuzzy: bool) -> None:
        super().__init__()
        self.fuzzy = fuzzy
        self.codes: dict[str, str] = {}

    def code_of(self, syllable: str) -> str:
        key = fuzz(syllable) if self.fuzzy else syllable
        return self.codes.setdefault(key, chr(_BASE + len(self.codes) + (0x8000 if self.fuzzy else 0)))

    def __missing__(self, point: int) -> str:
        readings = PINYIN_DICT.get(point)
        code = self.code_of(toneless(readings.split(",")[0])) if readings else chr(point)
        self[point] = code
        return code


TABLES: dict[Sound, CodeTable] = {"pinyin": CodeTable(False), "fuzzy": CodeTable(True)}


def encode(text: str, mode: Sound) -> str:
    """``text`` (normalised) with every Chinese character replaced by its sound code; same length."""
    return text.translate(TABLES[mode])


def phrase_codes(phrase: str, mode: Sound) -> set[str]:
    """The encodings a rubric phrase may be heard as: per-character readings and the whole-phrase reading."""
    table = TABLES[mode]
    out = {encode(phrase, mode)}
    readings = lazy_pinyin(phrase, errors=lambda chars: list(chars))  # type: ignore[arg-type,return-value]
    if len(readings) == len(phrase):
        out.add("".join(table.code_of(r) if r != ch else ch for r, ch in zip(readings, phrase, strict=True)))
    return out
