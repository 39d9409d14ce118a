"""Self-correction and read-back: a number said again after a correction or a confirmation.

On the phone people correct themselves (验证码是幺二三四五六，不对，是幺二三四五七) and agents read numbers
back (是一三九…对吧). The second number often lacks the cue its detector needs (the cue was said once,
before the first number), so this pass runs after the detectors: a digit run that follows a detected
value of a numeric type within a few characters, separated by a correction or confirmation marker, gets
that type when its length fits (± 2 digits: ASR drops and doubles digits).
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate, excluded
from transcripts.redaction.digits import DigitRun

NAME = "self_correction"
VERSION = "1.0"
MARKER = re.compile(r"不对|不是|错了|说错|说反|搞错|再说一遍|重复一遍|我重复|重新说|更正|纠正|改一下|改成|应该是"
                    r"|准确地?说|是吧|对吧|对吗|是不是|没错|对的|是的|确认一下|核对一下")
CARRIED = frozenset({"PHONE", "ID_CARD", "BANK_CARD", "VERIFICATION_CODE", "SOCIAL_ACCOUNT"})
MAX_GAP = 16
"""Characters between the first value and the second (markers and a little talk: "，不对不对，是")."""


def carry_over(text: str, runs: list[DigitRun], kept: list[Candidate]) -> list[Candidate]:
    """New candidates for digit runs that repeat or correct a kept numeric value (``kept`` in text order)."""
    out: list[Candidate] = []
    if not any(k.type in CARRIED for k in kept):
        return out  # only a numeric value is said again
    for run in runs:
        if any(run.start < k.end and k.start < run.end for k in kept):
            continue
        prev = next((k for k in reversed(kept) if k.end <= run.start), None)
        if prev is None or prev.type not in CARRIED or run.start - prev.end > MAX_GAP:
            continue
        if not MARKER.search(text[prev.end:run.start]) or excluded(text, run):
            continue
        if abs(len(run.digits) - len(prev.normalised)) > 2 or len(run.digits) < 4:
            continue
        cand = Candidate(run.start, run.end, prev.type, NAME, VERSION, round(prev.confidence * 0.9, 3), run.digits,
                         ("follows_" + prev.type.lower(),))
        out.append(cand)
        kept = sorted([*kept, cand], key=lambda c: c.start)  # a third repetition follows the second
    return out
