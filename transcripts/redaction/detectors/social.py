"""Social accounts: QQ numbers, WeChat / Douyin / Weibo / Kuaishou IDs and nicknames, after their cue.

Cues as people say and type them: QQ / 扣扣 / Q：, 微信 / V信 / 薇信 / 薇 / vx / wx / WeChat, 抖音号 / dy号,
微博, 快手号, 小红书号. The value is an ID (letters, digits, ``_ - .``, or 下划线 / 杠 / 点 said for them;
spelled letters and spoken numerals are already joined and written as digits in the normalised view) or,
after a nickname cue (抖音 / 微博 / 快手 / 小红书, 昵称, or 微信 / QQ followed by 是 / 叫 / 名), a nickname
of 2–12 characters. A QQ number said as numerals is a digit run after a QQ cue (``QqNumberDetector``).
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate, has_cue, mentions
from transcripts.redaction.detectors.numbers import scan
from transcripts.redaction.digits import SPOKEN, DigitRun, digit_of

_ACCOUNT_CUE = (r"(?:QQ|qq|Qq|扣扣|(?<![A-Za-z])[QVv](?=\s*[:：])|微信|V信|v信|薇信"
                r"|(?<![蔷])薇(?=[:：是号]|\s*[A-Za-z0-9])"
                r"|vx|VX|Vx|wx|WX|Wx"
                r"|[Ww]e[Cc]hat|抖音|dy|DY|微博|快手|小红书|[Bb]站)")
_ID_UNIT = r"(?:[A-Za-z0-9_\-.]|下划线|横杠|杠)"
_TAIL_UNIT = rf"(?:{_ID_UNIT}|[{''.join(SPOKEN)}])"
"""After a spoken connector (下划线 八八) a part may be said in numerals too short to be a digit run."""
_ID = rf"[A-Za-z0-9]{_ID_UNIT}*(?:\s*(?:下划线|横杠|杠|点|_|-)\s*{_TAIL_UNIT}+)*"
SOCIAL = re.compile(rf"{_ACCOUNT_CUE}\s*(?:号码?|[Ii][Dd]|账号)?\s*(?:是|为|:|：|叫)?\s*"
                    rf"(?P<v>{_ID})(?![A-Za-z0-9_])")
NICK_CUE = re.compile(r"(?:(?:抖音|微博|快手|小红书|[Bb]站)(?:号|名|昵称|账号|ID|id)?|昵称|网名"
                      r"|(?:微信|QQ|qq)(?:名|昵称))"
                      r"(?:是|为|叫|:|：)?\s*|(?:加我|我的?)(?:微信|QQ|qq)(?:是|叫|:|：)?\s*")
_NOT_NICK = re.compile(r"^(?:吧|吗|呢|了|的|好友|聊|上|里|群|也|都|就|再|然后|没|不|已|绑|支付|转|登|账|可以|能|要"
                       r"|会|在|说|发|给"
                       r"|扫|加|联系|通知|收到|提示|显示|小程序|公众号|号|我|你|他|她|一下|这|那|和|或|吗)")
NICK = re.compile(rf"(?:{NICK_CUE.pattern})(?P<v>@?[\u4e00-\u9fffA-Za-z0-9_]{{2,12}})")
"""A nickname after its cue; a Weibo/Douyin handle keeps its @ (微博@橙子不酸啊)."""
ACCOUNT_WORD = re.compile(_ACCOUNT_CUE + "|昵称|网名")

_QQ = r"(QQ|qq|Qq|扣扣)"
QQ_CUES = re.compile(_QQ + r"号?(码)?(是|为|:|：)?$")
"""The cue must stand right before the number (QQ号是…), not anywhere in the sentence."""
QQ_WORD = re.compile(_QQ)


def _canonical(value: str) -> str:
    written = value.replace("下划线", "_").replace("横杠", "-").replace("杠", "-").replace("点", ".")
    return "".join(digit_of(ch) or ch for ch in written if not ch.isspace()).lower()


class SocialAccountDetector:
    name = "social_account"
    version = "1.1"

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        out: list[Candidate] = []
        if not mentions(text, ACCOUNT_WORD):
            return out
        for m in SOCIAL.finditer(text):
            value = m.group("v")
            if value.isdigit() and not 5 <= len(value) <= 12:
                continue
            if not value.isdigit() and len(_canonical(value)) < 4:
                continue
            out.append(Candidate(m.start("v"), m.end("v"), "SOCIAL_ACCOUNT", self.name, self.version, 0.85,
                                 _canonical(value)))
        taken = [(c.start, c.end) for c in out]
        for m in NICK.finditer(text):
            s, e = m.start("v"), m.end("v")
            nick = m.group("v").lstrip("@")
            if _NOT_NICK.match(nick) or any(s < b and a < e for a, b in taken):
                continue
            out.append(Candidate(s, e, "SOCIAL_ACCOUNT", self.name, self.version, 0.7, nick.lower()))
        return out


class QqNumberDetector:
    """QQ numbers said as numerals the pattern above did not cover (a digit run right after a QQ cue)."""

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
