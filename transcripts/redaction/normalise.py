"""The one normalised view every detector sees, with a map back to the original offsets (issue 14).

What was typed or said is rewritten, in this order, into what the detectors match on:

1. Traditional → Simplified (OpenCC ``t2s``: 滬 → 沪, 兩 → 两, 電話 → 电话);
2. full-width → half-width letters, digits and ``＠．＿－＋＃`` (``１３９`` → ``139``, ``Ａ`` → ``A``), ideographic
   space → space; cue words misheard right before a number written as the cue (``验证马是`` → ``验证码是``,
   ``cue_sounds.py``);
3. repeats expanded next to digits (``三个八`` → ``888``, ``两个零`` → ``00``);
4. hesitations between digits made a plain break (``139呃1234嗯5678`` → ``139 1234 5678``; fillers
   ``呃 嗯 额 啊 那个 就是``), so the number keeps its groups but no longer stops at the filler;
5. spoken numerals → digits inside digit runs (``digits.find_digit_runs``: 幺/两/洞… only in runs of
   ``MIN_SPOKEN_RUN`` or more, so 一下 / 两个 stay words);
6. spelled letters and digits joined (``z h a n g`` → ``zhang``, ``E 12345678`` → ``E12345678``): the
   spaces between two letters/digits go when the token on either side is one character.

Steps 1, 2 and 5 keep the length; 3, 4 and 6 change it, and the view carries, for every character, the
original range it came from. ``Normalised.original_span`` maps a detection back, so a span always points at
what was said or typed (the filler and spaces inside a value are covered, never cut through).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import opencc

from transcripts.redaction.cue_sounds import restore_cues
from transcripts.redaction.digits import FILLERS, FULLWIDTH, SPOKEN, DigitRun, find_digit_runs

NORMALISER_VERSION = "1.1"
"""Part of the redactor's version: a change here changes what every detector sees."""
SPOKEN_FILLERS = (*sorted(FILLERS), "那个", "就是")
"""Hesitations bridged between two digits (the single characters are ``digits.FILLERS``)."""
_HALF = {i: i - 0xFEE0 for i in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B),
                                 *map(ord, "＠．＿－＋＃")]} | {0x3000: 0x20}
"""Full-width letters, digits and the signs inside values; full-width punctuation (，：（）) stays, since cue
and boundary patterns are written with it."""
_DIGIT_CHARS = "0-9" + "".join(SPOKEN)
_REPEAT = re.compile(rf"(?<=[{_DIGIT_CHARS}])([二两三四五六2-6])个([{_DIGIT_CHARS}])"
                     rf"|([二两三四五六2-6])个([{_DIGIT_CHARS}])(?=[{_DIGIT_CHARS}])")
_COUNT = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6} | {str(i): i for i in range(2, 7)}
_FILLER = re.compile(rf"(?<=[{_DIGIT_CHARS}])[\s,，、]*(?:{'|'.join(SPOKEN_FILLERS)})[\s,，、]*(?=[{_DIGIT_CHARS}])")
_SPELLED_GAP = re.compile(r"(?<=[A-Za-z0-9])[ \t]+(?=[A-Za-z0-9])")
_TOKEN_END = re.compile(r"[A-Za-z0-9]+$")
_TOKEN_START = re.compile(r"[A-Za-z0-9]+")
_SPOKEN_CHAR = re.compile("[" + "".join(SPOKEN) + "]")
_NEEDS_EDIT = re.compile(rf"个|[ \t]|{'|'.join(SPOKEN_FILLERS)}")
Edit = tuple[int, int, str]
"""Replace ``text[start:end]`` by the string (offsets into the text the edit is made on)."""


@dataclass(frozen=True)
class Normalised:
    original: str
    text: str
    starts: tuple[int, ...] | None = None
    """Original offset where each character of ``text`` begins; ``None`` when the view is 1:1."""
    ends: tuple[int, ...] | None = None
    """Original offset where each character of ``text`` ends."""
    runs: tuple[DigitRun, ...] | None = None
    """The digit runs of ``text`` when reading numerals already found them (saves the engine a second read)."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original range that ``text[start:end]`` came from."""
        if self.starts is None or self.ends is None or end <= start:
            return start, end
        return self.starts[start], self.ends[end - 1]


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """Traditional → Simplified, one character for one (phrase conversions that change the length are
    redone character by character, so offsets stay)."""
    if text.isascii():
        return text
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


def normalise(text: str) -> Normalised:
    """The view of ``text`` every detector is given (see the module docstring for the steps)."""
    flat = restore_cues(_simplified(text).translate(_HALF))
    if _NEEDS_EDIT.search(flat) is None:
        clean, runs = _read_numerals(flat)
        return Normalised(text, clean, runs=runs)
    starts: list[int] | None = None
    ends: list[int] | None = None
    for step in (0, 1):
        edits = _repeat_edits(flat) + _filler_edits(flat) if step == 0 else _spelled_edits(flat)
        if edits:
            if starts is None or ends is None:
                starts, ends = list(range(len(flat))), list(range(1, len(flat) + 1))
            flat, starts, ends = _apply(flat, starts, ends, edits)
        if step == 0:
            flat = _read_numerals(flat)[0]
    if starts is None or ends is None:
        return Normalised(text, flat)
    return Normalised(text, flat, tuple(starts), tuple(ends))


def _repeat_edits(text: str) -> list[Edit]:
    out: list[Edit] = []
    for m in _REPEAT.finditer(text):
        count, digit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out.append((m.start(), m.end(), SPOKEN.get(digit, digit) * _COUNT[count]))
    return out


def _filler_edits(text: str) -> list[Edit]:
    return [(m.start(), m.end(), " ") for m in _FILLER.finditer(text)]


def _read_numerals(text: str) -> tuple[str, tuple[DigitRun, ...] | None]:
    """Spoken numerals inside digit runs written as digits (same length), and the text's digit runs when
    nothing had to be written (then they are the result's runs too)."""
    if _SPOKEN_CHAR.search(text) is None:
        return text, None  # most texts: no numeral at all, no run to read
    chars: list[str] | None = None
    runs = find_digit_runs(text)
    for run in runs:
        if not run.spoken:
            continue
        chars = chars if chars is not None else list(text)
        for pos in run.positions:
            chars[pos] = SPOKEN.get(chars[pos], FULLWIDTH.get(chars[pos], chars[pos]))
    return (text, tuple(runs)) if chars is None else ("".join(chars), None)


def _spelled_edits(text: str) -> list[Edit]:
    out: list[Edit] = []
    for m in _SPELLED_GAP.finditer(text):
        left = _TOKEN_END.search(text, 0, m.start())
        right = _TOKEN_START.match(text, m.end())
        if (left and left.end() - left.start() == 1) or (right and right.end() - right.start() == 1):
            out.append((m.start(), m.end(), ""))
    return out


def _apply(text: str, starts: list[int], ends: list[int], edits: list[Edit]) -> tuple[str, list[int], list[int]]:
    """``text`` with the (non-overlapping) edits made, and each new character's original range."""
    if not edits:
        return text, starts, ends
    parts: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for start, end, repl in sorted(edits):
        if start < pos:
            continue  # overlaps an earlier edit
        parts.append(text[pos:start])
        new_starts += starts[pos:start]
        new_ends += ends[pos:start]
        parts.append(repl)
        new_starts += [starts[start]] * len(repl)
        new_ends += [ends[end - 1]] * len(repl)
        pos = end
    parts.append(text[pos:])
    new_starts += starts[pos:]
    new_ends += ends[pos:]
    return "".join(parts), new_starts, new_ends
