"""Digit runs in ASR text: digits and spoken Chinese numerals, with offsets back to the original.

Whisper writes numbers as ``13812345678``, ``一三八一二三四五六七八``, ``幺三八 1234 五六七八`` or
split by commas. A *run* is a maximal sequence of digit characters in which single separators
(space, dash, comma, 顿号, dot) may stand between digits. Spoken numerals count as digits only
inside runs of at least ``MIN_SPOKEN_RUN`` digits, so 一下 / 一定 / 两个 are never numbers.
Positional numerals (十百千万亿) end a run: 一千二百 is an amount, not a digit string.
"""

from __future__ import annotations

from dataclasses import dataclass

SPOKEN = {"零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4",
          "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
SEPARATORS = frozenset(" -‐–—,，、.·\u3000\n")
MIN_SPOKEN_RUN = 4


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
        return DigitRun(self.digits[i:j], self.positions[i:j], self.spoken,
                        tuple(b - i for b in self.breaks if i < b < j))

    def groups(self) -> list[DigitRun]:
        """Every run of consecutive separator-delimited groups except the whole, longest first.

        ``13727912087、一三九…`` is one run (顿号 is a separator) holding two numbers; detectors that do
        not match the whole run try these parts.
        """
        edges = [0, *self.breaks, len(self.digits)]
        parts = [(edges[a], edges[b]) for a in range(len(edges) - 1) for b in range(a + 1, len(edges))
                 if (edges[a], edges[b]) != (0, len(self.digits))]
        return [self.sub(i, j) for i, j in sorted(parts, key=lambda p: (p[0] - p[1], p[0]))]


def digit_of(ch: str) -> str | None:
    if "0" <= ch <= "9":
        return ch
    return FULLWIDTH.get(ch) or SPOKEN.get(ch)


def _close(digits: list[str], positions: list[int], spoken: bool, breaks: list[int], out: list[DigitRun]) -> None:
    if digits and (not spoken or len(digits) >= MIN_SPOKEN_RUN):
        out.append(DigitRun("".join(digits), tuple(positions), spoken, tuple(breaks)))


def find_digit_runs(text: str) -> list[DigitRun]:
    runs: list[DigitRun] = []
    digits: list[str] = []
    positions: list[int] = []
    spoken = False
    breaks: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        d = digit_of(ch)
        if d is None and ch in "xX" and len(digits) >= 14:
            # the ID-card check character (after 14 or 17 digits, or inside a longer string that embeds an
            # ID number), never inside a word
            nxt = text[i + 1] if i + 1 < n else ""
            if not (nxt.isascii() and nxt.isalpha()):
                digits.append("X")
                positions.append(i)
                i += 1
                continue
        if d is not None:
            digits.append(d)
            positions.append(i)
            spoken = spoken or not ("0" <= ch <= "9" or ch in FULLWIDTH)
            i += 1
            continue
        if ch in SEPARATORS and digits and i + 1 < n and digit_of(text[i + 1]) is not None:
            breaks.append(len(digits))  # a single separator between digits keeps the run going
            i += 1
            continue
        _close(digits, positions, spoken, breaks, runs)
        digits, positions, spoken, breaks = [], [], False, []
        i += 1
    _close(digits, positions, spoken, breaks, runs)
    return runs
