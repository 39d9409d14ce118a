"""Birth dates, only after a cue (出生日期 / 生日是 / 出生于 / DOB / born): a date alone is an order or
delivery date, not personal data. The whole date is taken: year (four or two digits, or numerals),
month and day; lunar dates (农历九零年正月十五); day-first or month-first numeric dates (03/07/1990);
English month names (March 7, 1990 / 7 Mar 1990). Digits said as numerals arrive as digits when they
form a run (the normalised view); shorter numerals (九零年, 三月七号) are matched here.
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate
from transcripts.redaction.detectors.patterns import RegexDetector
from transcripts.redaction.digits import DigitRun

_CN = "零〇一二两三四五六七八九十幺"
_YEAR = rf"(?:(?:19|20)\d{{2}}|[{_CN}]{{4}}|\d{{2}}|[{_CN}]{{2}})"
_MONTH = rf"(?:1[0-2]|0?[1-9]|[{_CN}]{{1,3}}|正|腊|冬)"
_DAY = rf"(?:3[01]|[12]\d|0?[1-9]|初[一二三四五六七八九十]|廿[一二三四五六七八九]?|[{_CN}]{{1,3}})"
_CN_DATE = (rf"(?:农历|阴历|公历|阳历)?{_YEAR}\s?(?:年的?\s?|[-./]){_MONTH}\s?(?:月份?\s?|[-./])"
            rf"(?:{_DAY}\s?[日号]?)?"
            rf"|(?:农历|阴历)?{_MONTH}月{_DAY}[日号]?")
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_EN_DATE = (rf"{_MON}\s?\d{{1,2}}(?:st|nd|rd|th)?,?\s?(?:19|20)\d{{2}}"
            rf"|\d{{1,2}}(?:st|nd|rd|th)?\s?{_MON},?\s?(?:19|20)\d{{2}}"
            r"|\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}|(?:19|20)\d{6}")
CUE = (r"(?:出生日期|出生年月日?|生日|出生于|出生在|生于|出生|DOB|D\.O\.B\.?|[Dd]ate of [Bb]irth|[Bb]irthday"
       r"|[Bb]orn(?: on)?)"
       r"(?:是|为|:|：|\s|在|于)*")
BIRTH = re.compile(rf"{CUE}(?P<v>{_EN_DATE}|{_CN_DATE}|{_YEAR}年)(?![\d])", re.IGNORECASE)
BIRTH_MISHEARD_YEAR = re.compile(rf"{CUE}(?P<v>\d{{4}}\s?年的?\s?{_MONTH}\s?月\s?{_DAY}\s?[日号]?)(?![\d])")
"""After the cue, a full 年月日 date whose year Whisper got wrong (一九九零 heard as 1200): the year's place,
month and day still say it is the birth date."""
_CUE_WORD = re.compile(r"出生|生日|生于|生的|生人|DOB|D\.O\.B|[Bb]irth|[Bb]orn", re.IGNORECASE)
BIRTH_AFTER = re.compile(rf"(?<![\d])(?P<v>{_EN_DATE}|{_CN_DATE})\s?(?:出生|生的|生人|生日(?!蛋糕|礼|会|快乐|派对))")
"""The cue after the date: 我是1990年3月7日出生的, 九零年三月七号生的."""


class BirthDateDetector:
    name = "birth_date"
    version = "1.2"

    def __init__(self) -> None:
        self._parts = (RegexDetector(self.name, self.version, "BIRTH_DATE", BIRTH, 0.85, str),
                       RegexDetector(self.name, self.version, "BIRTH_DATE", BIRTH_AFTER, 0.8, str),
                       RegexDetector(self.name, self.version, "BIRTH_DATE", BIRTH_MISHEARD_YEAR, 0.8, str))

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        if _CUE_WORD.search(text) is None:
            return []  # every birth date here stands next to its cue: most texts are done after one cheap scan
        return [c for part in self._parts for c in part.detect(text, runs)]


BIRTH_DATE = BirthDateDetector()
