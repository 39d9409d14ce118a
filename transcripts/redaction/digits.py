"""Digit runs in ASR text: digits and spoken Chinese numerals, with offsets back to the original.

Whisper writes numbers as ``13812345678``, ``一三八一二三四五六七八``, ``幺三八 1234 五六七八`` or
split by commas. A *run* is a maximal sequence of digit characters in which single separators
(space, dash or spoken 杠, comma, 顿号, dot, ellipsis) may stand between digits. Spoken numerals count as digits only
inside runs of at least ``MIN_SPOKEN_RUN`` digits, so 一下 / 一定 / 两个 are never numbers.
Positional numerals (十百千万亿) end a run: 一千二百 is an amount, not a digit string.
Up to ``MAX_GAP`` separator characters may stand between two digits (``138， 1234``, or a segment's
final ``，`` plus the turn join ``\n``), so numbers continue across punctuation and ASR segments.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

SPOKEN = {"零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4",
          "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "拐": "7", "勾": "9"}
"""拐 (7) and 勾 (9) are the radio-style readings; like every spoken numeral they count only inside long runs."""
FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
SEPARATORS = frozenset(" -‐–—,，、.。·…\u3000\n)）杠")
"""杠 is the spoken dash (零幺零杠六二…); like every separator it counts only between two digits."""
_DIGIT = re.compile("[0-9" + "".join(FULLWIDTH) + "".join(SPOKEN) + "]")
_DIGIT_OF = {**{str(i): str(i) for i in range(10)}, **FULLWIDTH, **SPOKEN}
_SPOKEN_DIGIT = re.compile("[" + "".join(SPOKEN) + "]")
MAX_GAP = 2
FILLERS = frozenset("嗯呃额啊")
"""Hesitations said between digit groups (幺三八，嗯，一二三四): bridged only when separators stand on both sides."""
GAP_CHARS = SEPARATORS | FILLERS
CHECK_X = frozenset("xXｘＸ叉")
"""How the ID-card check character X is written: Latin, full-width, or spoken (叉)."""
MIN_SPOKEN_RUN = 4
MAX_PART_DIGITS = 24
"""The longest part of a run worth judging on its own (an 18-digit ID or a 19-digit card, with slack)."""


@dataclass(frozen=True)
class DigitRun:
    digits: str
    """The digit string (``X`` allowed as the last character, for ID cards)."""
    positions: tuple[int, ...]
    """Original character offset of each digit."""
    spoken: bool
    """True when any digit was a spoken numeral."""
    breaks: tuple[int, ...] = ()
    """Digit indices where a separator (space, dash, 、…) stood before the digit: group boundaries."""

    @property
    def start(self) -> int:
        return self.positions[0]

    @property
    def end(self) -> int:
        return self.positions[-1] + 1

    def sub(self, i: int, j: int) -> DigitRun:
        """Digits ``i:j`` as a run of their own."""
        inner = self.breaks[bisect_right(self.breaks, i):bisect_left(self.breaks, j)]
        return DigitRun(self.digits[i:j], self.positions[i:j], self.spoken, tuple(b - i for b in inner))

    def groups(self) -> list[DigitRun]:
        """Every run of consecutive separator-delimited groups except the whole, longest first.

        ``13727912087、一三九…`` is one run (顿号 is a separator) holding two numbers; detectors that do
        not match the whole run try these parts. Computed once per run (every numeric detector asks).
        """
        return self._groups

    @cached_property
    def _groups(self) -> list[DigitRun]:
        # Parts longer than MAX_PART_DIGITS are left out: no value is that long, and without the bound a
        # long list of short numbers (1 2 3 …) would cost cubic time.
        edges = [0, *self.breaks, len(self.digits)]
        parts: list[tuple[int, int]] = []
        for a in range(len(edges) - 1):
            for b in range(a + 1, len(edges)):
                if edges[b] - edges[a] > MAX_PART_DIGITS:
                    break
                if (edges[a], edges[b]) != (0, len(self.digits)):
                    parts.append((edges[a], edges[b]))
        return [self.sub(i, j) for i, j in sorted(parts, key=lambda p: (p[0] - p[1], p[0]))]


def digit_of(ch: str) -> str | None:
    return _DIGIT_OF.get(ch)


def _is_check_x(text: str, i: int, count: int) -> bool:
    """X after 14+ digits (an 18-digit ID, or one embedded in a longer string), never inside a word."""
    if count < 14 or (text[i] == "叉" and count != 17):
        return False
    nxt = text[i + 1] if i + 1 < len(text) else ""
    return not (nxt.isascii() and nxt.isalpha())


def _separators(text: str, i: int) -> int:
    """Index after the (at most ``MAX_GAP``) separators starting at ``i``."""
    j = i
    while j < len(text) and j - i < MAX_GAP and text[j] in SEPARATORS:
        j += 1
    return j


def _gap(text: str, i: int) -> int:
    """Length of the separator gap starting at ``i`` when a digit follows it (0 when none).

    A gap is 1–2 separators, or separators + one filler + separators (``，嗯，``).
    """
    j = _separators(text, i)
    if j > i and j < len(text) and text[j] in FILLERS:
        k = _separators(text, j + 1)
        if k > j + 1:
            j = k
    if j == i or j >= len(text) or digit_of(text[j]) is None:
        return 0
    if "." in text[i:j] and not all(digit_of(ch) is not None for ch in text[j:j + 3].ljust(3)):
        return 0  # a decimal point (36.5, 18.5,19.5): the digits after it are no group of a number
    return j - i


def find_digit_runs(text: str) -> list[DigitRun]:
    runs: list[DigitRun] = []
    n = len(text)
    found = _DIGIT.search(text)
    while found is not None:
        i = start = found.start()
        digits: list[str] = []
        positions: list[int] = []
        breaks: list[int] = []
        while i < n:
            ch = text[i]
            d = _DIGIT_OF.get(ch)
            if d is None and ch in CHECK_X and _is_check_x(text, i, len(digits)):
                d = "X"
            if d is not None:
                digits.append(d)
                positions.append(i)
                i += 1
                continue
            gap = _gap(text, i) if ch in SEPARATORS else 0
            if not gap:
                break
            breaks.append(len(digits))  # a short separator between digits keeps the run going
            i += gap
        # separators, fillers and the check X are no numerals: a spoken numeral in the span is a spoken digit
        spoken = _SPOKEN_DIGIT.search(text, start, i) is not None
        if not spoken or len(digits) >= MIN_SPOKEN_RUN:
            runs.append(DigitRun("".join(digits), tuple(positions), spoken, tuple(breaks)))
        found = _DIGIT.search(text, i)
    return runs
