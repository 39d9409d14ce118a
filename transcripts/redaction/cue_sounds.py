"""Cue words as Whisper writes them: homophones restored in front of a number (issue 14, D115).

Whisper picks characters by sound, so the cue before a spoken value often comes out as another word with
(almost) the same pinyin: 验证马 / 燕重码 / 愿众马 for 验证码, 车排 for 车牌, 号马 for 号码. Detectors look
for the written cue, so the normalised view writes it back — only right before a digit run, the one place a
cue matters, with only ``_LINKING`` between — when the window sounds like the cue under the confusions
Whisper base makes (``_FUZZY``: front/back nasals, retroflex/flat initials, l/n, ao/ou, medial u/i dropped):

- a 2-character cue: both syllables sound alike;
- a 3-character cue: the last syllable and one other sound alike (one syllable may be misheard).

After a restored or written cue, a 是 heard as 士 / 时 / 事 / 市 is written 是, and a 十 (after the cue
and its 是, if any) directly before spoken digits is read as 一 (Whisper merges 是一 into 十, or writes 是
as 十; either way it stands in the value, and masking it hides no word). Every rewrite keeps the length, so
offsets stay 1:1.
"""

from __future__ import annotations

import re
from functools import cache

from transcripts.redaction.digits import SPOKEN

CUES = ("验证码", "校验码", "动态码", "密码", "身份证", "银行卡", "手机号", "车牌号", "车牌", "号码", "电话", "卡号")
"""The cue words said right before a value (the detectors' own cue lists hold the written forms)."""
PLATE_CUES = frozenset({"车牌号", "车牌"})
"""Cues whose value opens with Han characters (the province, a letter said as a homophone): anything may
stand between them and the digits."""
LOOKAHEAD = 3
"""How far before a digit run a cue may end (``_LINKING`` stands between)."""
_SHI = frozenset("士时事市式试是")
_LINKING = re.compile(r"(?:就是|是|为|[士时事市式试])?[:：\s]?十?")
"""What may stand between a cue and its value (是 / 为 / 就是 or a misheard 是, a colon, a space): 验证马上就好
1234 is 验证 + 马上, not a cue."""
_FUZZY = ((r"^zh", "z"), (r"^ch", "c"), (r"^sh", "s"), (r"^n", "l"), (r"ang$", "an"), (r"eng$", "en"),
          (r"ing$", "in"), (r"ong$", "en"), (r"iong$", "en"), (r"ou$", "ao"), (r"^(y|[jqx])u(an|e)$", r"\1\2"),
          (r"uo$", "o"), (r"^w", ""))
_D = "[0-9" + "".join(SPOKEN) + "]"
_NUMERAL = re.compile(_D)
_RUN_START = re.compile(rf"(?<!{_D}){_D}(?:[\s\-,，、.]?{_D}){{3,}}")
"""Where four or more digits (written or spoken, single separators between) begin: the only places a cue
is looked for (a value is never shorter; 一下 / 二十三个 are no such place)."""


@cache
def _key(char: str) -> str:
    """The character's toneless pinyin with the confusions folded (证 zheng, 众 zhong → zen)."""
    from pypinyin import Style, lazy_pinyin

    return _fold(lazy_pinyin(char, style=Style.NORMAL)[0])


def _fold(sound: str) -> str:
    for pattern, repl in _FUZZY:
        sound = re.sub(pattern, repl, sound)
    return sound


@cache
def _cues_by_last() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Each cue with its syllables read as a word (银行 yin hang, not the 行 xing of the character alone),
    filed under its last syllable: every match needs that one, so most windows are done after one look-up."""
    from pypinyin import Style, lazy_pinyin

    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for cue in CUES:
        keys = tuple(_fold(s) for s in lazy_pinyin(cue, style=Style.NORMAL))
        out.setdefault(keys[-1], []).append((cue, keys))
    return {last: tuple(cues) for last, cues in out.items()}


def _sounds_like(window: str, keys: tuple[str, ...]) -> bool:
    same = [_key(ch) == k for ch, k in zip(window, keys, strict=True)]
    if len(keys) == 2:
        return all(same)
    return same[-1] and sum(same) >= len(keys) - 1


def restore_cues(text: str) -> str:
    """``text`` with misheard cue words before digit runs written as the cue (same length)."""
    if _NUMERAL.search(text) is None:
        return text
    chars: list[str] | None = None
    for m in _RUN_START.finditer(text):
        chars = chars if chars is not None else list(text)
        _restore_before(text, chars, m.start())
    return text if chars is None else "".join(chars)


def _restore_before(text: str, chars: list[str], at: int) -> None:
    by_last = _cues_by_last()
    for gap in range(LOOKAHEAD + 1):
        end = at - gap
        if end < 1:
            return
        linked = _LINKING.fullmatch(text, end, at) is not None
        for cue, keys in by_last.get(_key(text[end - 1]), ()):
            start = end - len(cue)
            if start < 0 or not (linked or cue in PLATE_CUES):
                continue
            window = text[start:end]
            if window != cue and not _sounds_like(window, keys):
                continue
            chars[start:end] = cue
            _fix_shi(text, chars, end, at)
            return


def _fix_shi(text: str, chars: list[str], end: int, at: int) -> None:
    """The 是 between a cue (ending at ``end``) and the digits at ``at``, as Whisper misheard it, and a 十
    standing right before spoken digits (after the cue and its 是, if any) read as 一."""
    between = text[end:at]
    if len(between) == 1 and between in _SHI:
        chars[end] = "是"
    elif between[-1:] == "十" and between[:-1] in ("", "是", "为") and text[at] in SPOKEN:
        chars[at - 1] = "一"
