"""Phone numbers: mainland mobiles and landlines (digits or spoken, +86 / 0086), Hong Kong, Macau and Taiwan
numbers after their country code or a cue, and local landlines after a phone cue. Company numbers
(hotlines, numbers said as a company's) are never a customer's phone.
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate, excluded, has_cue
from transcripts.redaction.detectors.numbers import alone, scan
from transcripts.redaction.digits import DigitRun

PHONE_CUES = re.compile(r"(手机|电话|号码|联系方式|打给|拨打|致电|回电|热线|座机|微信|预留)")
HOTLINE = re.compile(r"^(400|800)\d{7}$|^95\d{3,6}$|^1\d{4}$|^96\d{3,6}$")

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0[1-9]\d{1,2}[2-9]\d{6,7}$")
LOCAL = re.compile(r"^[2-9]\d{6,7}$")
"""A landline without its area code (62345678): a phone only after a phone cue, never a company's."""
MISHEARD_MOBILE = re.compile(r"^1\d{9}$|^1\d{11,12}$")
"""10, 12 or 13 digits led by 1: an 11-digit mobile as Whisper writes it, a digit dropped or doubled (幺幺三…),
only after a phone cue and alone (``numbers.alone``)."""
COMPANY_CUES = re.compile(r"(热线|服务电话|客服电话|售后电话|招商电话|投诉电话|咨询电话|官方电话|总机)")
GREATER_CHINA = re.compile(r"^(?:00)?(?:(?:852|853)[2-9]\d{7}|886(?:9\d{8}|[2-8]\d{7,8}))$")
"""Hong Kong and Macau (+852 / +853, 8 digits) and Taiwan (+886, a 9-digit mobile or an 8–9 digit landline)."""


def _strip_country(digits: str) -> tuple[str, int]:
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and MOBILE.match(digits[len(prefix):]):
            return digits[len(prefix):], len(prefix)
    return digits, 0


class PhoneDetector:
    name = "phone_cn"
    version = "1.5"
    min_digits = 7
    """The shortest local landline (7 digits, after a cue); 10 without a cue (0xx + 7 digits)."""

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        # a hotline said in groups (800-810-8888) holds no local number in its parts
        return scan(text, [r for r in runs if not HOTLINE.match(r.digits)], self.judge, self.min_digits)

    def judge(self, text: str, run: DigitRun) -> Candidate | None:
        if excluded(text, run) or HOTLINE.match(run.digits):
            return None
        digits, skip = _strip_country(run.digits)
        cue = has_cue(text, run.start, PHONE_CUES, 14)
        plus = run.start > 0 and text[run.start - 1] in "+＋"
        if MOBILE.match(digits):
            conf = 0.97 if cue else 0.9
        elif LANDLINE.match(digits):
            conf = 0.9 if cue else 0.75
        elif GREATER_CHINA.match(digits) and (plus or cue or digits.startswith("00")):
            conf, skip = 0.9, 1
        elif (LOCAL.match(digits) and cue and not _date_like(digits)
              and not has_cue(text, run.start, COMPANY_CUES, 14)):
            conf = 0.8
        elif (MISHEARD_MOBILE.match(digits) and cue and alone(text, run)
              and not has_cue(text, run.start, COMPANY_CUES, 14)):
            conf = 0.8  # a mobile said after its cue, written by Whisper with a digit dropped or doubled
        else:
            return None
        start = run.start
        if start > 0 and ((skip and plus) or (text[start - 1] in "(（" and _closes(text, run))):
            start -= 1  # the + of +86, or the bracket of (010)
        return Candidate(start, run.end, "PHONE", self.name, self.version, conf, digits)


def _date_like(digits: str) -> bool:
    """20261121: a date written as digits, not a local number."""
    return (len(digits) == 8 and digits[:2] in ("19", "20") and 1 <= int(digits[4:6]) <= 12
            and 1 <= int(digits[6:8]) <= 31)


def _closes(text: str, run: DigitRun) -> bool:
    return any(ch in ")）" for ch in text[run.start:run.end])
