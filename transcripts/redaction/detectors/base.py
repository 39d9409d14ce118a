"""What every detector returns, and the context helpers they share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from transcripts.models import PiiType
from transcripts.redaction.digits import DigitRun


@dataclass(frozen=True)
class Candidate:
    """One detected value: offsets into the text the detector was given."""

    start: int
    end: int
    type: PiiType
    detector: str
    detector_version: str
    confidence: float
    normalised: str
    """The canonical value (digit string, lower-case address) — hashed, never stored."""
    validators: tuple[str, ...] = field(default=())


class Detector(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]: ...


@runtime_checkable
class BatchDetector(Detector, Protocol):
    """A detector that is cheaper on many texts at once (a model call per batch, not per text)."""

    def detect_many(self, texts: list[str], runs: list[list[DigitRun]]) -> list[list[Candidate]]: ...


def before(text: str, start: int, width: int = 10) -> str:
    """The ``width`` characters before ``start`` without spaces (cue words are looked up here)."""
    # str.split() drops exactly the characters regex \s matches (str.isspace), at half the cost of re.sub
    return "".join(text[max(0, start - width - 4):start].split())[-width:]


def after(text: str, end: int, width: int = 3) -> str:
    return "".join(text[end:end + width + 2].split())[:width]


def matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, cheaper on the many texts without a match (one failed search costs a
    third of setting up ``finditer``)."""
    if pattern.search(text) is None:
        return iter(())
    return pattern.finditer(text)


def mentions(text: str, *cues: re.Pattern[str]) -> bool:
    """Any of ``cues`` anywhere in ``text``, spaces dropped as ``before`` drops them (Q Q号 is a QQ cue there):
    a detector whose every value needs a cue skips the texts where this is false."""
    said = "".join(text.split())
    return any(cue.search(said) is not None for cue in cues)


def has_cue(text: str, start: int, cues: re.Pattern[str], width: int = 10) -> bool:
    return cues.search(before(text, start, width)) is not None


NOT_PERSONAL_BEFORE = re.compile(r"(工号|订单号?|单号|运单号?|快递单号?|物流单号?|尾号|后四位|后4位|末四位|编号|型号|"
                                 r"合同号|工单号?|流水号|批次号?|税号|识别号|识别码|条形码|序列号|发票号码?)码?[是为:：]?$")
"""Cue words right before a number that make it an order/agent/model/tax/serial number, or a read-back of the
last four. (A 税号 that is a valid resident ID number is still an ID: ``numbers.IdCardDetector``.)"""

NOT_PERSONAL_AFTER = re.compile(r"^(元|块|万|千|百|毛|角|分钟|分|秒|个|次|天|工作日|小时|"
                                r"号楼|月|年|日|号|点|%|岁|倍|台|件|"
                                r"笔|期|斤|公斤|克|米|公里|g|G|M|k|K)")
"""Units right after a number that make it an amount, time, date or quantity."""


MAX_UNIT_DIGITS = 10
"""A unit after a longer digit string does not make it an amount (…2546K is an ID with junk, not 2546 thousand)."""


def excluded(text: str, run: DigitRun) -> bool:
    if NOT_PERSONAL_BEFORE.search(before(text, run.start, 6)) is not None:
        return True
    return len(run.digits) <= MAX_UNIT_DIGITS and NOT_PERSONAL_AFTER.search(after(text, run.end)) is not None
