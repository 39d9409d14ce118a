"""The backstop (issue 14): what no detector recognised but looks like an identifier is masked anyway.

In every text, after all other detectors (it runs at the lowest confidence, so any typed detection of the
same characters wins):

- a digit run of ``MIN_DIGITS`` or more digits (written, full-width or spoken, through spaces and
  fillers: the normalised view's runs);
- an e-mail shape (``EMAIL_SHAPE``) the e-mail detector did not take;
- a letter+digit run right after an account or ID cue (账号 / 用户名 / 会员号 / ID …).

A digit run is left alone when a named non-personal rule claims it (``RULES``): an order / waybill /
work-order / 工号 cue, a company hotline, an amount, a date or time, a duration or quantity, a list
of short numbers, a length and lead that no personal number has (11–14 digits led by 2–9). Masked values
get their own type ``OTHER_NUMBER`` (placeholder 〔号码〕) and are audited like any detection.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from transcripts.redaction.detectors.base import (
    NOT_PERSONAL_AFTER,
    NOT_PERSONAL_BEFORE,
    Candidate,
    after,
    before,
    has_cue,
)
from transcripts.redaction.detectors.phones import COMPANY_CUES, HOTLINE
from transcripts.redaction.digits import DigitRun

NAME = "backstop"
VERSION = "1.0"
CONFIDENCE = 0.3
MIN_DIGITS = 7
EMAIL_SHAPE = re.compile(r"[A-Za-z0-9._%+\-]+\s*[@＠]\s*[A-Za-z0-9\-]+(?:\s*[.．]\s*[A-Za-z]{2,})+")
"""An e-mail address as written (also the leak sentinel's shape, ``sentinel.py``)."""
ACCOUNT_CUE = re.compile(r"(?:账号|帐号|账户|用户名|登录名|会员号|会员卡号?|客户号|用户ID|用户id|ID|id"
                         r"|证件号码?|证号)(?:是|为|:|：|\s)*$")
_ACCOUNT_WORD = re.compile(r"账|帐|用户|登录|会员|客户号|ID|id|证")
CODED = re.compile(r"(?<![A-Za-z0-9_\-])(?=[A-Za-z0-9_\-]*[A-Za-z])(?=[A-Za-z0-9_\-]*\d)[A-Za-z0-9_\-]{4,32}"
                   r"(?![A-Za-z0-9_\-])")
_AMOUNT_BEFORE = re.compile(r"(?:[¥￥$€]|RMB|rmb|人民币|金额|价格|费用|余额|总计|合计|共计|总共|一共|花了|付了"
                            r"|退款?|积分|流量|粉丝|播放量?|阅读量?|销量|库存)\s*$")
"""An amount or a count before the number (金额, 积分, 播放量 …)."""
_DATE_BEFORE = re.compile(r"(?:时间|日期|时长)(?:是|为|:|：)?$")
_YMD = re.compile(r"^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])?(?:[0-5]\d){0,2}$")

Rule = Callable[[str, DigitRun], bool]
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_LIST_MARKS = frozenset("、，,")


def _order_cue(text: str, run: DigitRun) -> bool:
    """订单号 / 运单号 / 工单号 / 工号 … right before, also with a letter prefix (快递单号是SF1234567890123)."""
    return NOT_PERSONAL_BEFORE.search(before(text, run.start, 10).rstrip(_ASCII_LETTERS)) is not None


def _short_list(text: str, run: DigitRun) -> bool:
    """A list of short numbers (898 849、895 219、438 771): every item between list marks is shorter than
    ``MIN_DIGITS``."""
    cuts = [b for b in run.breaks if any(ch in _LIST_MARKS for ch in text[run.positions[b - 1] + 1:run.positions[b]])]
    edges = [0, *cuts, len(run.digits)]
    return bool(cuts) and all(b - a < MIN_DIGITS for a, b in pairwise(edges))


def _hotline(text: str, run: DigitRun) -> bool:
    """A short company number (400/800/95xxx …), or any number said as a company's (热线 / 客服电话 …)."""
    return HOTLINE.match(run.digits) is not None or has_cue(text, run.start, COMPANY_CUES, 14)


def _amount(text: str, run: DigitRun) -> bool:
    if _AMOUNT_BEFORE.search(before(text, run.start, 6)) is not None:
        return True
    return text[run.end:run.end + 1] == "." and text[run.end + 1:run.end + 2].isdigit()  # 1288888.50


def _date_or_time(text: str, run: DigitRun) -> bool:
    """20261121(10), 2026-01-27 9:42, or after 时间 / 日期."""
    if _YMD.match(run.digits) is not None or _DATE_BEFORE.search(before(text, run.start, 4)) is not None:
        return True
    parts = _parts(run)
    return (len(parts) >= 3 and len(parts[0]) == 4 and parts[0][:2] in ("19", "20") and len(parts[1]) <= 2
            and 1 <= int(parts[1]) <= 12 and len(parts[2]) <= 2 and 1 <= int(parts[2]) <= 31)


def _parts(run: DigitRun) -> list[str]:
    edges = [0, *run.breaks, len(run.digits)]
    return [run.digits[a:b] for a, b in pairwise(edges)]


def _unit(text: str, run: DigitRun) -> bool:
    """Durations, quantities, amounts with their unit (分钟, 个, 元…)."""
    return NOT_PERSONAL_AFTER.search(after(text, run.end)) is not None


def _no_personal_shape(text: str, run: DigitRun) -> bool:
    """11–14 digits led by 2–9: no Chinese mobile (1…), landline with area code (0…), resident ID (15/18) or
    bank card (16–19) has this shape; order, waybill and ticket numbers pasted without their cue do
    (82345678901 in an e-commerce chat)."""
    return 11 <= len(run.digits) <= 14 and run.digits[0] in "23456789" and run.digits.isdigit()


RULES: dict[str, Rule] = {"order_cue": _order_cue, "hotline": _hotline, "amount": _amount,
                          "date_or_time": _date_or_time, "unit": _unit, "short_list": _short_list,
                          "no_personal_shape": _no_personal_shape}
"""Named non-personal rules: a digit run any of them claims stays in the text."""


def claimed_by(text: str, run: DigitRun) -> str | None:
    return next((name for name, rule in RULES.items() if rule(text, run)), None)


def _unclaimed(text: str, run: DigitRun) -> list[DigitRun]:
    """The run, or, when it is a list holding a claimed number (two order numbers side by side, 39 661
    996547039127), its unclaimed groups of ``MIN_DIGITS`` or more."""
    if claimed_by(text, run) is not None:
        return []
    edges = [0, *run.breaks, len(run.digits)]
    groups = [run.sub(a, b) for a, b in pairwise(edges)]
    long = [g for g in groups if len(g.digits) >= MIN_DIGITS]
    if not long or not any(claimed_by(text, g) for g in long):
        return [run]
    return [g for g in long if claimed_by(text, g) is None]


class BackstopDetector:
    name = NAME
    version = VERSION

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        out = [self._cand(part.start, part.end, part.digits, "digit_run") for run in runs
               if len(run.digits) >= MIN_DIGITS for part in _unclaimed(text, run)]
        if "@" in text or "＠" in text:
            out += [self._cand(m.start(), m.end(), m.group(0).lower(), "email_shape")
                    for m in EMAIL_SHAPE.finditer(text)]
        for m in CODED.finditer(text) if _ACCOUNT_WORD.search(text) else ():
            if ACCOUNT_CUE.search(before(text, m.start(), 8)) is not None:
                out.append(self._cand(m.start(), m.end(), m.group(0).upper(), "account_cue"))
        return out

    def _cand(self, start: int, end: int, value: str, why: str) -> Candidate:
        return Candidate(start, end, "OTHER_NUMBER", self.name, self.version, CONFIDENCE, value, (why,))
