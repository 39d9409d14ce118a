"""Personal data with a textual shape: e-mail (written or spoken), licence plates, QQ/WeChat IDs, passports."""

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
_AT_SIGN = r"@|＠|艾特|圈a|圈A|(?<![A-Za-z])at(?![A-Za-z])"
_AT = rf"\s*(?:{_AT_SIGN})\s*"
_LABEL = r"[A-Za-z0-9\-幺零〇洞一二两三四五六七八九]+"
_DOT = r"\s*(?:\.|。|点|dot)\s*"
_TLD = r"(?:com|cn|net|org|edu|gov|[a-z]{2,6})(?![A-Za-z])"
EMAIL = re.compile(rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_TLD})+", re.IGNORECASE)
HAS_AT = re.compile(_AT_SIGN, re.IGNORECASE)
"""Every e-mail holds an at sign (written or said): texts without one skip the costlier ``EMAIL`` scan."""
_SPOKEN_DOT = re.compile(r"\s*(?:点|。|\.)\s*|\s+dot\s+|(?<=[A-Za-z0-9])\s*dot(?=\s*(?:com|cn|net|org)\b)",
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
    version = "1.1"

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
                          self.canonical(re.sub(r"[\s·•]", "", m.group(group))))
                for m in matches(self.pattern, text)]


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_NUM = "".join(SPOKEN)
_PC = rf"[A-HJ-NP-Z0-9{_NUM}]"
"""A plate character: letter (no I/O), digit, or a digit said as a numeral (京A一二三四五)."""
PLATE = re.compile(rf"[{PROVINCES}]\s?[A-HJ-NP-Za-hj-np-z]\s?[·•]?\s?(?:[DFdf]{_PC}{{5}}|"
                   rf"{_PC}{{5}}[DFdf]?|{_PC}{{4}}[挂学警港澳])(?![A-Za-z0-9{_NUM}])")


def _as_digits(value: str) -> str:
    """Numerals to digits, upper case: the canonical plate or passport number (hashed, never kept)."""
    return "".join(SPOKEN.get(ch, ch) for ch in value.replace("-", "")).upper()


SOCIAL = re.compile(r"(?:QQ|qq|扣扣|微信|vx|VX|wx|WX)\s*号?\s*(?:是|为|:|：)?\s*"
                    r"(?P<v>[A-Za-z][A-Za-z0-9_\-]{5,19}|[1-9][0-9]{4,11})(?![A-Za-z0-9])")
_PD = rf"[\d{_NUM}]"
PASSPORT = re.compile(rf"(?:护照|通行证|旅行证)[^。，,]{{0,6}}?(?P<v>(?<![A-Za-z0-9])"
                      rf"[EeGgDdSsPpHhMmCcKkLlTt][A-Za-z]?\s?{_PD}(?:[ -]?{_PD}){{6,8}})(?!{_PD})")

LICENSE_PLATE = RegexDetector("license_plate_cn", "1.1", "LICENSE_PLATE", PLATE, 0.9, _as_digits)
SOCIAL_ACCOUNT = RegexDetector("social_account", "1.0", "SOCIAL_ACCOUNT", SOCIAL, 0.85, str.lower)
PASSPORT_PERMIT = RegexDetector("passport_permit", "1.1", "PASSPORT", PASSPORT, 0.9, _as_digits)


_CN = "零〇一二两三四五六七八九十幺"
_YEAR = rf"(?:(?:19|20)\d{{2}}|[{_CN}]{{4}}|\d{{2}}|[{_CN}]{{2}})年?"
_MONTH = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})月?"
_DAY = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})[日号]?"
BIRTH = re.compile(
    r"(?:出生日期|出生年月日?|生日|出生于|出生在|生于|出生)(?:是|为|:|：)?\s?"
    rf"(?P<v>{_YEAR}[-./年]?{_MONTH}[-./]?{_DAY}|(?:19|20)\d{{6}})"
)
BIRTH_DATE = RegexDetector("birth_date", "1.0", "BIRTH_DATE", BIRTH, 0.85, str)
"""Only after a cue (出生日期 / 生日 / 出生于): a date alone is an order or delivery date, not personal data."""
