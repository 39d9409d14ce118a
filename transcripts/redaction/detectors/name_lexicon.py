"""Character statistics for names without a cue, derived from jieba's dictionary and POS-HMM (MIT licence).

Nothing here comes from the evaluation set. Two sources inside the jieba wheel:
- ``posseg/prob_emit.p``: log P(char | state) of jieba's HMM tagger, trained on a tagged news corpus; the
  states (B, nr) and (M|E, nr) give how typical a character is as a surname or as a given-name character;
- ``dict.txt``: ~350,000 words with corpus frequency and POS tag; it gives the background character
  frequency (how common the character is anywhere) and the ordinary words that a surname character usually
  belongs to (方面, 高兴, 黄河, 一方 …).

Scores are log-likelihood ratios in nats: ``surname[c] = ln P(c | surname) - ln P(c)``. Loaded once, lazily.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
MIN_WORD_FREQ = 20
"""Dictionary words rarer than this do not count as an ordinary-word reading (many are names or noise)."""
MAX_SCORE = 6.0
"""Rare characters get huge ratios from few counts; capping them keeps one odd character from making a name."""
UNSEEN = -14.0
"""ln P(c | state) for a character the HMM never saw in that state."""
ORDINARY = 6.0
"""ln(1 + corpus frequency) from which a dictionary word is an ordinary word, not part of a name (项目, 公关)."""


@dataclass(frozen=True)
class NameLexicon:
    surname: dict[str, float]
    given: dict[str, float]
    words: dict[str, float]
    """Ordinary (non-name) words of 2–4 characters → ln(1 + corpus frequency)."""

    def given_score(self, char: str) -> float:
        return self.given.get(char, UNSEEN)


def build(dict_lines: list[str], emit: dict[tuple[str, str], dict[str, float]]) -> NameLexicon:
    char_freq: dict[str, int] = {}
    words: dict[str, float] = {}
    for line in dict_lines:
        parts = line.split()
        if len(parts) != 3:
            continue
        word, freq_text, tag = parts
        freq = int(freq_text)
        for char in word:
            char_freq[char] = char_freq.get(char, 0) + freq
        if tag not in NAME_TAGS and 2 <= len(word) <= 4 and freq >= MIN_WORD_FREQ:
            words[word] = max(words.get(word, 0.0), math.log1p(freq))
    total = sum(char_freq.values())
    background = {c: math.log(n / total) for c, n in char_freq.items()}
    floor = math.log(1 / total)
    first, middle, last = emit[("B", "nr")], emit[("M", "nr")], emit[("E", "nr")]
    surname = {c: min(MAX_SCORE, p - background.get(c, floor)) for c, p in first.items()}
    given = {c: min(MAX_SCORE, max(middle.get(c, UNSEEN), last.get(c, UNSEEN)) - background.get(c, floor))
             for c in middle.keys() | last.keys()}
    return NameLexicon(surname, given, words)


def crossing(lex: NameLexicon, text: str, pos: int) -> float:
    """ln-frequency of the most frequent ordinary word that starts before ``pos`` and ends after it."""
    best = 0.0
    for a in range(max(0, pos - 3), pos):
        for b in range(pos + 1, min(len(text), a + 4) + 1):
            best = max(best, lex.words.get(text[a:b], 0.0))
    return best


def starting(lex: NameLexicon, text: str, pos: int, longest: int) -> float:
    """ln-frequency of the most frequent ordinary word of 2…``longest`` characters that starts at ``pos``."""
    return max((lex.words.get(text[pos:b], 0.0) for b in range(pos + 2, min(len(text), pos + longest) + 1)),
               default=0.0)


@lru_cache(maxsize=1)
def load() -> NameLexicon:
    package = files("jieba")
    lines = (package / "dict.txt").read_text(encoding="utf-8").splitlines()
    # jieba's own pickled HMM table, read from the installed package (not from user input).
    emit = pickle.loads((package / "posseg" / "prob_emit.p").read_bytes())
    return build(lines, emit)
