"""Personal data with a textual shape: e-mail (written or spoken), licence plates, passports and permits.

Social accounts are in ``social.py``, birth dates in ``birth.py``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from transcripts.models import PiiType
from transcripts.redaction.detectors.base import Candidate, matches
from transcripts.redaction.digits import SPOKEN, DigitRun

_CHARS = r"A-Za-z0-9._%+\-幺零〇洞一二两三四五六七八九"
_UNIT = rf"(?:[{_CHARS}]|下划线|横杠|杠)+"
_LOCAL = rf"(?<![{_CHARS}]){_UNIT}(?:(?:点|\s+dot\s+){_UNIT})*"
"""The lookbehind starts a match only at the beginning of a run, and the spoken dots are unambiguous
(点 is no local character; ``dot`` needs spaces): linear time on long letter runs."""
_AT_SIGN = (r"@|＠|艾特|爱特|小老鼠|圈a|圈A|\[at\]|\(at\)"
            r"|(?<![A-Za-z])at(?![A-Za-z])")
_AT = rf"\s*(?:{_AT_SIGN})\s*"
_LABEL = r"[A-Za-z0-9\-幺零〇洞一二两三四五六七八九]+"
_DOT = r"\s*(?:\.|。|点|\[dot\]|\(dot\)|dot)\s*"
_TLD = r"(?:com|cn|net|org|edu|gov|[a-z]{2,6})(?![A-Za-z])"
EMAIL = re.compile(rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_TLD})+", re.IGNORECASE)
HAS_AT = re.compile(_AT_SIGN, re.IGNORECASE)
"""Every e-mail holds an at sign (written or said): texts without one skip the costlier ``EMAIL`` scan."""
_SPOKEN_DOT = re.compile(r"\s*(?:点|。|\.|\[dot\]|\(dot\))\s*|\s+dot\s+"
                         r"|(?<=[A-Za-z0-9])\s*dot(?=\s*(?:com|cn|net|org)\b)",
                         re.IGNORECASE)


def _normalise_email(raw: str) -> str:
    """The written address: ``zhang dot san 艾特 一六三点com`` → ``zhang.san@163.com`` (hashed, never kept)."""
    s = re.sub(_AT, "@", raw, count=1, flags=re.IGNORECASE)
    s = _SPOKEN_DOT.sub(".", s)
    s = re.sub(r"下划线", "_", s)
    s = re.sub(r"横杠|杠", "-", s)
    s = re.sub(r"\s+", "", s)
    return "".join(SPOKEN.get(ch, ch) for ch in s).lower()


class EmailDetector:
    name = "email"
    version = "1.2"

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        out: list[Candidate] = []
        if HAS_AT.search(text) is None:
            return out
        for m in EMAIL.finditer(text):
            value = _normalise_email(m.group(0))
            if "@" not in value:
                continue
            conf = 0.99 if "@" in m.group(0) else 0.9
            out.append(Candidate(m.start(), m.end(), "EMAIL", self.name, self.version, conf, value))
        return out


@dataclass(frozen=True)
class RegexDetector:
    """A value with a fixed textual shape: the regex's group ``v`` (or the whole match) is the value."""

    name: str
    version: str
    type: PiiType
    pattern: re.Pattern[str]
    confidence: float
    canonical: Callable[[str], str] = str.upper

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        group = "v" if "v" in self.pattern.groupindex else 0
        return [Candidate(m.start(group), m.end(group), self.type, self.name, self.version, self.confidence,
                          self.canonical(re.sub(r"[\s·•\-－.，,、]", "", m.group(group))))
                for m in matches(self.pattern, text)]


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_NUM = "".join(SPOKEN)
_PC = rf"[A-HJ-NP-Z0-9{_NUM}]"
"""A plate character: letter (no I/O), digit, or a digit said as a numeral (京A一二三四五)."""
_PS = r"[\s·•\-－.，,、]{0,2}"
"""What may stand between a plate's parts: spaces, the middle dot, a hyphen, or the comma ASR writes at a
pause (京A-12345, 京 A·12345, 京A，12345)."""
PLATE = re.compile(rf"[{PROVINCES}]{_PS}[A-HJ-NP-Za-hj-np-z]{_PS}(?:[DFdf]{_PS}{_PC}{{5}}|"
                   rf"{_PC}{{5}}[DFdf]?|{_PC}{{4}}[挂学警港澳领使])(?![A-Za-z0-9{_NUM}])")


def _as_digits(value: str) -> str:
    """Numerals to digits, upper case: the canonical plate or passport number (hashed, never kept)."""
    return "".join(SPOKEN.get(ch, ch) for ch in value.replace("-", "")).upper()


_PD = rf"[\d{_NUM}]"
_PASSPORT_CUE = r"(?:护照|通行证|旅行证|回乡证|台胞证|入台证|签证|passport|Passport|PASSPORT)"
_PREFIX = r"(?:[A-Z]{1,2}|[eghmtcdspk])"
_ALONE = r"(?<![A-Za-z0-9])(?<![0-9][ -])"
"""The value starts a token, and is not the middle group of a longer number (110105 19900307 1234)."""
PASSPORT = re.compile(rf"(?:{_PASSPORT_CUE}|证件)[^。，,]{{0,12}}?"
                      rf"(?P<v>{_ALONE}{_PREFIX}[\s\-·]?{_PD}(?:[ -]?{_PD}){{5,9}})"
                      rf"(?![A-Za-z0-9{_NUM}])")
"""After a passport or permit cue (or 证件): one or two capital letters (or one lower-case Chinese prefix) and
6–10 digits (E/G/D/S/P, EK/EH, H/M 回乡证 with its two renewal digits, C/T/L 通行证, foreign passports)."""
BARE_DIGITS = re.compile(rf"{_PASSPORT_CUE}[^。，,]{{0,12}}?(?P<v>{_ALONE}{_PD}{{8,9}})(?![A-Za-z0-9{_NUM}])")
"""8–9 bare digits after a passport or permit cue (台胞证 numbers, US passports); 证件 alone is too weak, an ID
number's groups follow it."""

_CUE_WORD = re.compile(_PASSPORT_CUE + "|证件")
BARE_PASSPORT = re.compile(r"(?<![A-Za-z0-9])(?P<v>(?:E[A-Z]?|[GHMKCT])\d{8})(?![A-Za-z0-9])")
"""Without a cue, only the unmistakable shapes: E / E+letter (ordinary passports), G, H/M (回乡证), K, C
(往来港澳通行证), T (台湾居民来往大陆通行证) followed by exactly 8 digits."""


class PassportDetector:
    """Passports and permits: after a cue (letters + digits, or bare digits), or alone in the unmistakable shapes."""

    name = "passport_permit"
    version = "1.3"

    def __init__(self) -> None:
        self._cued = tuple(RegexDetector(self.name, self.version, "PASSPORT", pattern, conf, _as_digits)
                           for pattern, conf in ((PASSPORT, 0.9), (BARE_DIGITS, 0.85)))
        self._bare = RegexDetector(self.name, self.version, "PASSPORT", BARE_PASSPORT, 0.6, _as_digits)

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        if not runs:
            return []  # every passport number holds digits (as the view writes them)
        found = self._bare.detect(text, runs)
        if _CUE_WORD.search(text) is not None:
            found = [c for part in self._cued for c in part.detect(text, runs)] + found
        return found


PASSPORT_PERMIT = PassportDetector()

