"""Secrets said aloud: SMS verification codes, passwords, PINs, pickup codes, card security codes (CVV).

A code is 4–8 digits next to a cue word (验证码是835216, 835216是验证码), written or spoken. A CVV is only
3 digits, so it needs its own cue (CVV / 安全码); a spoken 3-digit CVV (幺二三) is no digit run of its own
(spoken runs start at 4 characters, see ``digits.py``) and is matched by a pattern right after that cue.
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate, after, has_cue, mentions
from transcripts.redaction.detectors.numbers import scan
from transcripts.redaction.detectors.phones import MOBILE
from transcripts.redaction.digits import SPOKEN, DigitRun, digit_of

CODE_CUES = re.compile(r"(验证码|校验码|动态码|短信码|提取码|激活码|授权码|动态密码|密码|口令|取件码"
                       r"|短信里的?码|收到的?码|发来的?码|验证的?码"
                       r"|cvv|CVV|安全码|pin码|PIN码)")
CODE_AFTER = re.compile(r"^(?:是|就是|为)?(?:我的|你们的|您的)?" + CODE_CUES.pattern)
_CVV_CUE = r"(?:[cC][vV][vVcCnN]2?|安全码|背面的?三位数?)"
"""CVV / CVC / CVN in any case, spelled out: with re.IGNORECASE the scan could not skip ahead to the cue."""
CVV_CUES = re.compile(_CVV_CUE)
_NUMERALS = "".join(SPOKEN)
SPOKEN_CVV = re.compile(rf"{_CVV_CUE}(?:码|是|为|就是|:|：|\s){{0,3}}"
                        rf"(?P<v>[{_NUMERALS}](?:[\s,，、]?[{_NUMERALS}]){{2}})(?![{_NUMERALS}十百千万位个])")
"""A CVV said in numerals right after its cue (安全码是幺二三); 三位 / 三个 after the cue is a count, not a code."""
PASSWORD = re.compile(r"(?:密码|口令|验证码|校验码|动态码|提取码|激活码|授权码|取件码)(?:是|为|就是|:|：|\s){0,3}"
                      r"(?P<v>(?=[A-Za-z0-9_@#.!\-*$%&]*[A-Za-z])[A-Za-z0-9_@#.!\-*$%&]{4,20})(?![A-Za-z0-9_@#!\-*$%&])")
"""A password or code with letters in it (密码是abc123456, 验证码是a b c 一二三四五 once spelled letters are
joined): no digit run covers it whole."""


class VerificationCodeDetector:
    name = "verification_code"
    version = "1.3"
    min_digits = 3

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        if not mentions(text, CODE_CUES, CVV_CUES):
            return []  # every code here stands next to a code or CVV cue (密码 / 口令 for a password)
        found = scan(text, runs, self.judge, self.min_digits)
        taken = {(c.start, c.end) for c in found}
        for pattern, conf in ((SPOKEN_CVV, 0.85), (PASSWORD, 0.9)):
            for m in pattern.finditer(text):
                if (m.start("v"), m.end("v")) not in taken:
                    found.append(Candidate(m.start("v"), m.end("v"), "VERIFICATION_CODE", self.name, self.version,
                                           conf, _canonical(m.group("v"))))
        return found

    def judge(self, text: str, run: DigitRun) -> Candidate | None:
        d = run.digits
        if not (3 <= len(d) <= 8 and d.isdigit()) or MOBILE.match(d):
            return None
        if len(d) == 3:
            if run.spoken or not has_cue(text, run.start, CVV_CUES, 10):
                return None
            conf = 0.85
        elif has_cue(text, run.start, CODE_CUES, 12):
            conf = 0.9
        elif CODE_AFTER.match(after(text, run.end, 6)):
            conf = 0.8  # "835216是验证码": the cue follows the code
        else:
            return None
        return Candidate(run.start, run.end, "VERIFICATION_CODE", self.name, self.version, conf, d)


def _canonical(value: str) -> str:
    """Numerals to digits, separators dropped (幺，二，三 → 123); letters kept as said."""
    return "".join(digit_of(ch) or ch for ch in value if ch not in " ,，、")
