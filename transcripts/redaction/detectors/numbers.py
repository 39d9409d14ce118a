"""Numeric personal data: resident ID numbers and bank cards, and the run scan every numeric detector uses
(phones: ``phones.py``; codes: ``codes.py``).

All work on digit runs (digits and spoken numerals, see ``digits.py``). Checksums (GB 11643 for
IDs, Luhn for cards) raise confidence but are not a gate when a cue word says what the number is:
ASR mishears digits, and a misheard ID number is still an ID number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from stdnum import luhn

from transcripts.redaction.detectors.base import Candidate, excluded, has_cue
from transcripts.redaction.digits import MAX_GAP, DigitRun

ID_CUES = re.compile(r"(身份证|证件|身份号|居住证|公民号)")
TAX_CUES = re.compile(r"(税号|纳税人识别号|识别号)")
"""An individual taxpayer's number is their resident ID number: a valid one after these (alone or inside a
longer tax number) is redacted; other numbers after them are company tax numbers and stay."""
CARD_CUES = re.compile(r"(卡号|银行卡|信用卡|储蓄卡|借记卡|卡的号|账号|账户|[张的这那]卡)")
MIN_ID_HEARD, MAX_ID_HEARD = 14, 20
"""How many digits Whisper writes for an 18-digit ID number said after its cue (drops or doubles up to four)."""
MIN_CARD_HEARD = 12
"""The fewest digits of a card number said after a card cue (Whisper drops digits of a 16–19-digit card)."""
Judge = Callable[[str, DigitRun], "Candidate | None"]


def scan(text: str, runs: list[DigitRun], judge: Judge, min_digits: int = 1) -> list[Candidate]:
    """Judge each run whole; when the whole run is no value, judge its separator-delimited parts
    (longest first, non-overlapping): ``13727912087、一三九七二九一一三八零`` holds two phone numbers.

    Runs (and parts) shorter than ``min_digits`` are skipped unjudged: most runs in a call are short
    (工号1032, 3个, 88号), and this keeps the numeric detectors cheap.
    """
    out: list[Candidate] = []
    for run in runs:
        if len(run.digits) < min_digits:
            continue
        whole = judge(text, run)
        if whole is not None:
            out.append(whole)
            continue
        taken: list[tuple[int, int]] = []
        for part in run.groups():
            if len(part.digits) < min_digits or any(part.start < e and s < part.end for s, e in taken):
                continue
            if (cand := judge(text, part)) is not None:
                out.append(cand)
                taken.append((part.start, part.end))
    return out


def alone(text: str, run: DigitRun) -> bool:
    """No digit just before or after, no letter glued to it: the whole run, not a part of a list of numbers
    nor the digits of a code (SF…). Lengths that only a
    misheard value has (after its cue) are taken only alone, so a part of the wrong length never stands
    over the real numbers beside it."""
    near = text[max(0, run.start - MAX_GAP - 1):run.start] + text[run.end:run.end + MAX_GAP + 1]
    if any("0" <= ch <= "9" for ch in near):  # the view writes a run's numerals as digits; 一下 is a word
        return False
    glued = text[run.start - 1:run.start] + text[run.end:run.end + 1]
    return not any(ch.isascii() and ch.isalpha() for ch in glued)  # SF1234567890 is a waybill, not a phone


def _plausible_birth(digits: str) -> bool:
    year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
    return 1900 <= year <= 2030 and 1 <= month <= 12 and 1 <= day <= 31


def gb11643_valid(d: str) -> bool:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) and a plausible birth date.

    Deliberately not python-stdnum's ``cn.ric``: it also requires the region code to be in its current
    table, and IDs keep the code of the district that issued them even after the district is renamed
    or merged (real 320102…, 510107… numbers fail it).
    """
    if len(d) != 18 or not d[:17].isdigit() or not _plausible_birth(d):
        return False
    total = sum(int(ch) * (2 ** (17 - i) % 11) for i, ch in enumerate(d[:17]))
    return d[17].upper() == "10X98765432"[total % 11]


class IdCardDetector:
    name = "id_card_cn"
    version = "1.4"
    min_digits = MIN_ID_HEARD

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        return scan(text, runs, self.judge, self.min_digits)

    def judge(self, text: str, run: DigitRun) -> Candidate | None:
        d = run.digits
        cue = has_cue(text, run.start, ID_CUES, 14)
        taxpayer = has_cue(text, run.start, TAX_CUES, 8) and (gb11643_valid(d) or len(d) > 18)
        if excluded(text, run) and not cue and not taxpayer:
            return None
        validators: tuple[str, ...] = ()
        if len(d) == 18 and gb11643_valid(d):
            conf, validators = 0.99, ("gb11643_checksum",)
        elif len(d) > 18:
            found = self._embedded(run)
            if found is not None or not (cue and len(d) <= MAX_ID_HEARD and d.isdigit() and alone(text, run)):
                return found
            conf = 0.6  # ASR added a digit or two (or split a group twice); the cue says it is an ID number
        elif len(d) == 18 and "X" not in d[:17] and (cue or _plausible_birth(d)):
            conf = 0.8 if cue else 0.6
        elif len(d) == 15 and d.isdigit() and (cue or 1 <= int(d[8:10]) <= 12):
            conf = 0.85 if cue else 0.6
        elif len(d) in (16, 17) and cue and d[:17].isdigit():
            conf = 0.6  # ASR dropped a digit or two; the cue still says it is an ID number
        elif MIN_ID_HEARD <= len(d) <= 17 and cue and d.isdigit() and alone(text, run):
            conf = 0.6  # ASR dropped up to four digits; alone after its cue it is still an ID number
        else:
            return None
        return Candidate(run.start, run.end, "ID_CARD", self.name, self.version, conf, d, validators)

    def _embedded(self, run: DigitRun) -> Candidate | None:
        """An ID number inside a longer digit string (glued digits, tax numbers built on an ID)."""
        for i in range(len(run.digits) - 17):
            window = run.digits[i:i + 18]
            if gb11643_valid(window):
                part = run.sub(i, i + 18)
                return Candidate(part.start, part.end, "ID_CARD", self.name, self.version, 0.9, window,
                                 ("gb11643_checksum",))
        return None


class BankCardDetector:
    name = "bank_card"
    version = "1.5"
    min_digits = MIN_CARD_HEARD

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        return scan(text, runs, self.judge, self.min_digits)

    def judge(self, text: str, run: DigitRun) -> Candidate | None:
        d = run.digits
        if not d.isdigit() or not MIN_CARD_HEARD <= len(d) <= MAX_ID_HEARD:
            return None
        cue = has_cue(text, run.start, CARD_CUES, 14)
        if not (16 <= len(d) <= 19 or (cue and alone(text, run))):
            return None  # other lengths only after a card cue (digits Whisper dropped or added)
        if excluded(text, run) and not cue:
            return None
        if len(d) == 18 and (gb11643_valid(d) or has_cue(text, run.start, ID_CUES, 14)):
            return None  # an ID number, not a card
        if luhn.is_valid(d) and (cue or _card_grouping(run)):
            return Candidate(run.start, run.end, "BANK_CARD", self.name, self.version, 0.97 if cue else 0.9, d,
                             ("luhn",))
        if cue:  # above a cue-less landline (0.75) that a part of the card could look like
            return Candidate(run.start, run.end, "BANK_CARD", self.name, self.version, 0.8, d)
        if len(d) != 18 and _card_grouping(run):
            # a long bare number with no other explanation: redact (privacy first); written in four or more
            # groups of four it is a card's shape, above a landline read in one of its parts
            conf = 0.8 if len(run.breaks) >= 3 else 0.5
            return Candidate(run.start, run.end, "BANK_CARD", self.name, self.version, conf, d)
        return None


def _card_grouping(run: DigitRun) -> bool:
    """Written as one block or in groups of four (6222 0212 …); not a list of short numbers (898 849、895 219)."""
    edges = [0, *run.breaks, len(run.digits)]
    sizes = [b - a for a, b in pairwise(edges)]
    return len(sizes) == 1 or all(size == 4 for size in sizes[:-1])
