"""Finding a rubric's phrases by sound in one sentence, with the short-phrase guard and negation guards.

Short phrases (≤ ``SHORT_SYLLABLES`` syllables: 核实, 几号, 投诉) collide with ordinary words by sound
(核实/何时, 机号 in 手机号). Their sound match passes only (D80, D142):
- with a character in common with the phrase (推款/退款,
  宫号/工号) that does not cut through a dictionary word (机号 in 手机号 is not 几号), or
- by context, when none is shared: a longer phrase of the same rubric that contains the short one is
  heard around it (帮您何时一下 sounds like the rubric's 帮您核实一下 → 核实; 请问何时到账 does not).
  One-syllable phrases (急) match by sound only this way.

Negation guards apply by sound too: a sound match overlapping a negation phrase (found by characters or by
sound) does not count, unless the match strictly contains it (工信不投诉 heard for 工信部投诉: the longer
reading wins, as with the longest-match rule of character phrases).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from scoring.sound import Sound, encode, phrase_codes

SHORT_SYLLABLES = 2


@dataclass(frozen=True, slots=True)
class SoundIndex:
    mode: Sound
    regex: re.Pattern[str] | None
    phrases: dict[str, tuple[Heard, ...]]
    """Code string → the phrases (normalised characters) it may be heard as."""
    negations: re.Pattern[str] | None
    """Negation phrases by sound (encoded)."""
    negation_phrases: dict[str, tuple[Heard, ...]]
    covers_exact: bool = False
    """Every phrase of the block has its own code in ``regex`` (none is one character long)."""
    patterns: tuple[re.Pattern[str], ...] = ()
    """The block's rubric regexes with their Chinese characters encoded (D146): 请把验证马告诉我 matches
    R28's ``(验证码…)(…告诉)…``. Regexes with ``<NUM>`` are left out (every homophone of 一/四/十 would be
    a digit), and a match needs more than ``SHORT_SYLLABLES`` characters."""

    def find(self, text: str, char_negations: re.Pattern[str] | None = None, coded: str | None = None) -> str | None:
        """The sentence's own characters that sound like a phrase or regex, or None. ``text`` is normalised;
        ``char_negations`` the block's negation phrases by characters, looked for only once a sound match is
        found; ``coded`` is the sentence's encoding when the caller has it (``CallContext.search``)."""
        coded = encode(text, self.mode) if coded is None else coded
        blocked: list[tuple[int, int]] | None = None
        for start, end in self._spans(text, coded):
            if blocked is None:
                chars = [m.span() for m in char_negations.finditer(text)] if char_negations is not None else []
                blocked = [*chars, *self._sound_negations(text, coded)]
            if any(a < end and start < b and not (start <= a and b <= end and (b - a) < (end - start))
                   for a, b in blocked):
                continue
            return text[start:end]
        return None

    def _spans(self, text: str, coded: str) -> Iterator[tuple[int, int]]:
        if self.regex is not None:
            for m in self.regex.finditer(coded):
                span = self._accepted(text, m.start(), m.end(), self.phrases[m.group()])
                if span is not None:
                    yield span
        for rx in self.patterns:
            for m in rx.finditer(coded):
                if m.end() - m.start() > SHORT_SYLLABLES:
                    yield m.span()

    def _accepted(self, text: str, start: int, end: int, heard: tuple[Heard, ...]) -> tuple[int, int] | None:
        """The span of the phrase a sound match stands for, if the short-phrase guard lets it pass."""
        for phrase, offset, in_context in heard:
            a, b = start + offset, start + offset + len(phrase)
            if in_context or len(phrase) > SHORT_SYLLABLES or text[a:b] == phrase:
                return a, b  # long phrases, and short ones heard in a longer rubric phrase (context)
            if set(text[a:b]) & set(phrase) and not crosses_word(text, a, b, phrase):
                return a, b
        return None

    def _sound_negations(self, text: str, coded: str) -> list[tuple[int, int]]:
        if self.negations is None:
            return []
        return [span for m in self.negations.finditer(coded)
                if (span := self._accepted(text, m.start(), m.end(), self.negation_phrases[m.group()])) is not None]


Heard = tuple[str, int, bool]
"""(phrase, offset, in context): the code stands for ``phrase`` starting ``offset`` characters into the match;
``in context`` when the code is a longer rubric phrase that gives a short phrase its context."""


def build_index(phrases: Iterable[str], negations: Iterable[str], vocabulary: Iterable[str],
                mode: Sound, regexes: Iterable[str] = ()) -> SoundIndex | None:
    """``phrases``/``negations``/``vocabulary`` normalised; ``vocabulary``: every positive phrase of the rubric.

    A one-syllable phrase is only ever heard in context (sharing its only character means the characters
    match); a two-syllable phrase also by itself, guarded by ``_accepted``."""
    phrases = sorted(set(phrases))
    longer = sorted({v for v in vocabulary if len(v) > SHORT_SYLLABLES})
    by_code = _by_code([p for p in phrases if len(p) > 1], mode)
    for p in (p for p in phrases if len(p) <= SHORT_SYLLABLES):
        for word in (w for w in longer if p in w):
            for code in phrase_codes(word, mode):
                by_code.setdefault(code, []).append((p, word.index(p), True))
    patterns = tuple(re.compile(encode(rx, mode)) for rx in regexes if "<NUM>" not in rx)
    if not by_code and not patterns:
        return None
    neg = _by_code(sorted(set(negations)), mode)
    return SoundIndex(mode, _regex(by_code) if by_code else None, _frozen(by_code), _regex(neg) if neg else None,
                      _frozen(neg), covers_exact=all(len(p) > 1 for p in phrases), patterns=patterns)


def _by_code(phrases: Iterable[str], mode: Sound) -> dict[str, list[Heard]]:
    out: dict[str, list[Heard]] = {}
    for phrase in phrases:
        for code in phrase_codes(phrase, mode):
            out.setdefault(code, []).append((phrase, 0, False))
    return out


def _frozen(by_code: dict[str, list[Heard]]) -> dict[str, tuple[Heard, ...]]:
    return {k: tuple(sorted(v, key=lambda h: (h[2], h[1]))) for k, v in by_code.items()}


def _regex(by_code: dict[str, list[Heard]]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(by_code, key=len, reverse=True))))


RARE_WORD = 10
"""jieba dictionary frequency below which a word never blocks a sound match (外补, 3, does not hide 补常/补偿)."""


def crosses_word(text: str, start: int, end: int, phrase: str) -> bool:
    """Whether a dictionary word (jieba's, ≤ 4 characters) at least as common as ``phrase`` (and not rare) runs
    across ``start`` or ``end``: 机号 in 手机号 cuts 手机 (4,789 vs 几号 10), so it is no 几号 of its own;
    另外补常 cuts 外补 (3 vs 补偿 1,340), which does not count. A few dictionary look-ups, no segmentation."""
    freq = _words()
    floor = max(freq.get(phrase) or 0, RARE_WORD)
    for cut in (start, end):
        for a in range(max(0, cut - 3), cut):
            for b in range(cut + 1, min(len(text), a + 4) + 1):
                if (freq.get(text[a:b]) or 0) >= floor:
                    return True
    return False


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    import jieba  # its dictionary, loaded once on the first short sound candidate

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return dict(jieba.dt.FREQ)
