"""Matching by sound: each Chinese character becomes one code character standing for its toneless
pinyin syllable, so a sound match is an ordinary regex search on an encoded string of the same
length as the normalised sentence (positions map 1:1 back to the original characters).

``fuzzy`` also merges the initials and finals that regional accents and the ASR confuse
(z/zh, c/ch, s/sh, n/l, f/h, an/ang, en/eng, in/ing). Each character takes its default reading
(pypinyin without context), the same on both sides, so identical characters always match.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Literal

from pypinyin import Style, pinyin

Sound = Literal["exact", "pinyin", "fuzzy"]

SHORT_SYLLABLES = 2
"""Phrases this short (何时/核实) match by sound only when they share a character with the sentence span."""

_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("h", "f"))
_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))
_BASE = 0xF0000  # supplementary private use area: never occurs in a normalised transcript


def _fuzz(syllable: str) -> str:
    for long, short in _INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long):]
            break
    for long, short in _FINALS:
        if syllable.endswith(long):
            return syllable[: -len(long)] + short
    return syllable


class _Codes:
    """Syllable → code character, one table per sound mode, grown on demand."""

    def __init__(self, fuzzy: bool) -> None:
        self.fuzzy = fuzzy
        self.table: dict[str, str] = {}

    def code(self, ch: str) -> str:
        reading = pinyin(ch, style=Style.NORMAL, errors=lambda c: c)[0][0]
        if reading == ch:  # not a Chinese character: stands for itself
            return ch
        key = _fuzz(reading) if self.fuzzy else reading
        return self.table.setdefault(key, chr(_BASE + len(self.table) + (0x8000 if self.fuzzy else 0)))


_CODES = {"pinyin": _Codes(False), "fuzzy": _Codes(True)}


_TABLES: dict[str, dict[int, str]] = {"pinyin": {}, "fuzzy": {}}


@lru_cache(maxsize=2048)
def encode(text: str, mode: Sound) -> str:
    """``text`` (normalised) with every character replaced by its sound code; same length.

    The cache (about one long call's sentences) lets the rules of one call share each sentence's encoding."""
    table = _TABLES[mode]
    for ch in set(text):
        if ord(ch) not in table:
            table[ord(ch)] = _CODES[mode].code(ch)
    return text.translate(table)


def short_ok(text: str, start: int, end: int, phrase: str) -> bool:
    """The short-phrase guard (D80): a sound match of ≤ ``SHORT_SYLLABLES`` syllables needs a character in
    common with the phrase AND must start and end on jieba word boundaries of the sentence, so 机号 inside
    手机号 never passes for 几号. Only candidate short matches pay for the segmentation."""
    if len(phrase) > SHORT_SYLLABLES:
        return True
    if not set(text[start:end]) & set(phrase):
        return False
    bounds = _boundaries(text)
    return start in bounds and end in bounds


@lru_cache(maxsize=1024)
def _boundaries(text: str) -> frozenset[int]:
    import jieba  # loaded only when a short sound match needs it

    jieba.setLogLevel(logging.WARNING)
    return frozenset(b for _, s, e in jieba.tokenize(text) for b in (s, e))
