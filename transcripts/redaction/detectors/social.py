"""QQ numbers said as numerals (我QQ是幺二三四五六七八九): digit runs after a QQ cue.

Written QQ numbers and WeChat IDs are matched by the ``social_account`` pattern (``patterns.py``); this
detector adds the spoken form, which that pattern cannot see. Both normalise to the digit string, so the
same QQ number hashes alike however it was said.
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate, has_cue, mentions
from transcripts.redaction.detectors.numbers import scan
from transcripts.redaction.digits import DigitRun

_QQ = r"(QQ|qq|Qq|扣扣)"
QQ_CUES = re.compile(_QQ + r"号?(码)?(是|为|:|：)?$")
"""The cue must stand right before the number (QQ号是…), not anywhere in the sentence."""
QQ_WORD = re.compile(_QQ)


class QqNumberDetector:
    name = "qq_number"
    version = "1.0"
    min_digits = 5

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        if not runs or not mentions(text, QQ_WORD):
            return []  # no QQ number without its cue: most texts are done here
        return scan(text, runs, self.judge, self.min_digits)

    def judge(self, text: str, run: DigitRun) -> Candidate | None:
        d = run.digits
        if not (5 <= len(d) <= 12 and d.isdigit()) or d[0] == "0" or not has_cue(text, run.start, QQ_CUES, 6):
            return None
        return Candidate(run.start, run.end, "SOCIAL_ACCOUNT", self.name, self.version, 0.85, d)
