"""Person names in the forms the cue rules of ``names`` miss (issue 14): how names are said and typed.

- after any name cue, strong (我叫, 联系人) or weak (车主, 客人, 学生姓名, 乘机人, 业主, 患者 …): names joined
  by a middle dot (古丽娜·买买提, 安娜·彼得罗娃), spelled out with spaces (王 小 明), pinyin or English
  (Zhang Wei, Lily), Traditional surnames (陳偉), compound surnames (欧阳娜);
- a family member's name: 帮我妈李秀英问一下, 我老公叫王强;
- a signature closing a chat line: …谢谢 —— 张伟;
- with no cue: a rare compound surname with a given name (诸葛国洋, 夏侯然; not 东方 or 西门), dotted names
  and minority names from their parts (``name_parts``), and pinyin / English
  full names where one word is a Chinese surname in pinyin or a common English given name (Kevin Zhang).
A plain Han name after a weak cue must not start with an ordinary word (客人已经…, 车主说明…): the jieba
lexicon of ``names`` decides (``word_at``).
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors import name_parts as parts
from transcripts.redaction.detectors.base import Candidate
from transcripts.redaction.detectors.name_foreign import CHARACTERS
from transcripts.redaction.detectors.name_foreign import COMMON as COMMON_FOREIGN
from transcripts.redaction.detectors.name_lexicon import ORDINARY, load, starting
from transcripts.redaction.detectors.names import COMMON, COMPOUND, DENY, GIVEN_CUED, SINGLE, place_not_name, titled
from transcripts.redaction.digits import DigitRun

TRADITIONAL_SURNAMES = "陳黃劉張趙吳鄭許馮鄧蕭葉蘇呂錢孫楊謝羅韓陸龍賈萬顧鍾譚盧薑沈鄒戴閻魏"
SURNAME = "(?:" + "|".join(COMPOUND) + f"|[{SINGLE}{TRADITIONAL_SURNAMES}])"
HAN = r"[^\W\d_A-Za-z]"
DOT = r"[·•・‧.．]"
DOTTED = rf"{HAN}{{1,8}}(?:{DOT}{HAN}{{1,10}}){{1,3}}"
SPACED = rf"{SURNAME}(?:\s{{1,2}}{GIVEN_CUED}){{1,2}}(?!{HAN})"
LATIN = r"[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2}"
PLAIN = rf"{SURNAME}{GIVEN_CUED}{{1,2}}"
TRANSLITERATED = f"[{''.join(sorted(CHARACTERS | set('白')))}]{{2,8}}"
"""A foreign name with no Chinese surname after a cue (英文名是伊丽莎白, 客人安东尼): ``foreign`` keeps it."""
STRONG = (r"我叫|我是|本人是?|名字(?:是|叫)?|姓名(?:是|叫)?|叫做|收件人(?:是|叫)?|收货人(?:是|叫)?|联系人(?:是|叫)?"
          r"|寄件人|签收人|机主(?:是|叫)?|户主(?:是|叫)?|持卡人(?:是|叫)?|开户人(?:是|叫)?|客户姓名|投保人|被保险人"
          r"|受益人|英文名(?:是|叫)?|中文名(?:是|叫)?|真名(?:是|叫)?|全名(?:是|叫)?|名叫"
          r"|开户名|账户名|收款户名|户名|账户名称|开户姓名|预约人|报名人|投诉人|本人姓名|参会人")
WEAK = (r"车主|客人|学生姓名|学生|乘机人|乘车人|乘客|旅客|入住人|住客|患者|病人|家长|学员|业主|租客|房东|收款人|付款人"
        r"|经办人|申请人|预订人|订票人|购票人|取票人|提货人|领取人|签名|署名|落款|借款人|担保人|法人|负责人"
        r"|客户|顾客|用户|买家|会员|员工|同事|同学|工作人员|师傅|司机|骑手|转给|转账给|汇给|打给"
        r"|配送员|快递员|派件员|送货员|快递小哥|安装师傅|维修师傅")
CUE = re.compile(
    rf"(?:{STRONG}|{WEAK})(?:的名字|姓名)?(?:是|叫|为)?[:：，, ]?\s?"
    rf"(?P<v>{DOTTED}|{SPACED}|{LATIN}|{PLAIN}|{TRANSLITERATED})"
)
"""No group around the cue words: a pattern that opens with plain alternatives lets ``re`` skip ahead to
their first characters (7× faster on chat text)."""
STRONG_CUE = re.compile(STRONG)
SELF_CUE = re.compile(r"我是|本人")
"""Strong cues that also introduce roles and places (我是西班牙人): no transliterated name after them."""
FAMILY = re.compile(
    r"(?:帮|替|给|代|是)?我(?:的)?(?:妈妈?|爸爸?|母亲|父亲|老公|老婆|爱人|媳妇|丈夫|妻子|儿子|女儿|孩子|小孩|爷爷|奶奶"
    r"|外公|外婆|姥姥|姥爷|哥哥?|姐姐?|弟弟?|妹妹?|朋友|同事|家人|婆婆|岳母|公公)"
    rf"(?:叫|是|的名字是|名字叫)?\s?(?P<v>{PLAIN})(?=问|查|咨询|办|订|预约|挂号|买|申请|的|来|去|在|已|要|想|报|交|付|用|登|注|"
    r"开|退|寄|收|取|拿|让|说|也|和|跟|还|没|不|打|下|上|，|,|。|\s|$)"
)
SIGNATURE = re.compile(rf"(?:^|[\s，。！!,])(?:[-—–~]{{1,2}}|落款[:：]?)\s?(?P<v>{PLAIN}|{DOTTED})\s*$")
SIGNATURE_TAIL = 24
"""A signature closes the text: only its last characters are searched."""
RARE_COMPOUNDS = tuple(c for c in COMPOUND if c not in ("东方", "西门", "南宫", "长孙"))
"""Compound surnames that are not ordinary words (东方 is a direction, 西门 a gate): one is a name by itself."""
BY_COMPOUND = re.compile(rf"(?P<v>(?:{'|'.join(RARE_COMPOUNDS)}){COMMON}{{1,2}})")
LATIN_FULL = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+(?![A-Za-z])")
PINYIN_CUED = re.compile(r"(?:拼音|英文名|护照名|护照上的名字)(?:是|为|叫|写)?[:：，, ]?\s?"
                         r"(?P<v>[a-z]+(?: [a-z]+){1,2})(?![A-Za-z])")
"""Pinyin typed in lower case after a spelling cue (拼音 zhang wei)."""
CONTACT = re.compile(rf"(?:^|(?<=[\s,，。:：;；/]))(?P<v>{PLAIN})(?=[\s,，:：/]*(?:\+?86)?1[3-9]\d{{9}}(?!\d))")
"""A name right before a mobile number: a contact line (方卫国 13912345678)."""
WEAK_WORD = 4.6
"""ln(1 + corpus frequency) from which a word at the name's start vetoes a name after a weak cue (商家, 376)."""


def word_at(text: str, start: int, above: float = ORDINARY) -> bool:
    """An ordinary word starts where the name would (客人已经…, 车主说明…): the cue ends right before it, so
    words across the cue (主张 in 业主张建国) do not count, unlike ``names.ordinary``."""
    return starting(load(), text, start, 2) > above



def foreign(text: str, m: re.Match[str], strong: bool) -> bool:
    """A transliterated name after a naming cue (not 我是 / 本人: 我是西班牙人): not only common characters,
    no ordinary word at its start (阿里巴巴), three characters or more after a weak cue (客人安东尼)."""
    value = m.group("v")
    if COMMON_FOREIGN.issuperset(value) or word_at(text, m.start("v"), WEAK_WORD):
        return False
    return not SELF_CUE.match(text, m.start()) and (strong or len(value) >= 3)


class FormsNameDetector:
    name = "person_name_forms"
    version = "1.1"

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        out: list[Candidate] = []
        for m in CUE.finditer(text):
            value = m.group("v")
            plain = re.fullmatch(PLAIN, value) is not None
            strong = STRONG_CUE.match(text, m.start()) is not None
            weak_word = not strong and word_at(text, m.start("v"), WEAK_WORD)
            if plain and (value[:2] in DENY or value[0] in "和与及或并" or weak_word or titled(value)
                          or place_not_name(text, m.start("v"), m.end("v"))):
                continue
            if not plain and re.fullmatch(TRANSLITERATED, value) and not foreign(text, m, strong):
                continue
            out.append(self._cand(m.start("v"), m.end("v"), 0.9 if strong else 0.8, value))
        tail = max(0, len(text) - SIGNATURE_TAIL)
        found = [*((m, 0.8) for m in FAMILY.finditer(text)), *((m, 0.7) for m in BY_COMPOUND.finditer(text)),
                 *((m, 0.75) for m in SIGNATURE.finditer(text, tail)), *((m, 0.75) for m in CONTACT.finditer(text))]
        for m, conf in found:
            if m.group("v")[:2] not in DENY and not word_at(text, m.start("v")) and not titled(m.group("v")):
                out.append(self._cand(m.start("v"), m.end("v"), conf, m.group("v")))
        for start, end in parts.uncued(text):
            out.append(self._cand(start, end, 0.75, text[start:end]))
        for m in PINYIN_CUED.finditer(text):
            if any(w.capitalize() in parts.pinyin_surnames() for w in m.group("v").split()):
                out.append(self._cand(m.start("v"), m.end("v"), 0.8, m.group("v")))
        for m in LATIN_FULL.finditer(text):
            if (m.start() == 0 or not text[m.start() - 1].isascii() or not text[m.start() - 1].isalpha()) \
                    and parts.latin_name(m.group()):
                out.append(self._cand(m.start(), m.end(), 0.7, m.group()))
        return out

    def _cand(self, start: int, end: int, conf: float, value: str) -> Candidate:
        return Candidate(start, end, "PERSON_NAME", self.name, self.version, conf, "".join(value.split()))
