"""Licence plates, as written and as Whisper writes them after a plate cue (issue 14, D116).

Written, a plate is a province abbreviation, a letter and five or six characters (``patterns.PLATE``).
Spoken, Whisper base rarely keeps that shape: the province comes out as a homophone (京 → 经, 粤 → 月,
沪 → 护, 苏 → 缩), the letter is dropped or written as a Chinese homophone (A → 诶, B → 必), the digits are
split by dashes or grouped wrongly (559-016). After a plate cue (车牌 / 车牌号 / 牌照 / 车号, with 码 / 是 /
为 between) the value is therefore up to two Han characters in the province's and the letter's place (not
function or question words), an optional letter, and five to seven plate characters with at least four
digits, not followed by a unit (年 元 个 …); without a cue only the written shape counts.
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import NOT_PERSONAL_AFTER, Candidate, after, mentions
from transcripts.redaction.detectors.patterns import _PC, _PS, PLATE, RegexDetector, _as_digits
from transcripts.redaction.digits import DigitRun

PLATE_CUES = re.compile(r"车牌|牌照|车号")
_HAN_NOT_CUE = r"[\u4e00-\u9fff](?<![是为号码的了吗呢吧啊呀我你您他她在多少几])"
"""A character standing for the province or the letter: anything but a function or question word."""
PLATE_AFTER_CUE = re.compile(
    rf"(?:{PLATE_CUES.pattern})(?:号码?|码)?(?:是|为|就是|:|：|\s){{0,2}}"
    rf"(?P<v>(?:{_HAN_NOT_CUE}{_PS}){{0,2}}(?:[A-HJ-NP-Za-hj-np-z]{_PS})?"
    rf"(?=(?:[^\d]{{0,3}}\d){{4}}){_PC}(?:{_PS}{_PC}){{4,6}})(?![A-Za-z0-9])")
"""The cued, spoken shape (see the module note); the look-ahead asks for four digits in the value, five plate
characters at least (a 4-digit number after 车牌号 is a year or a count: 车牌号2024年摇到的)."""


class PlateDetector:
    name = "license_plate_cn"
    version = "1.3"

    def __init__(self) -> None:
        self._written = RegexDetector(self.name, self.version, "LICENSE_PLATE", PLATE, 0.9, _as_digits)
        self._cued = RegexDetector(self.name, self.version, "LICENSE_PLATE", PLATE_AFTER_CUE, 0.85, _as_digits)

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        found = self._written.detect(text, runs)
        if mentions(text, PLATE_CUES):
            found += [c for c in self._cued.detect(text, runs)
                      if not any(c.start < f.end and f.start < c.end for f in found)
                      and NOT_PERSONAL_AFTER.search(after(text, c.end)) is None]
        return found


LICENSE_PLATE = PlateDetector()
