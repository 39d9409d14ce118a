"""Text normalisation for matching, and spoken-number parsing.

Transcripts may be Traditional Chinese, full-width, spaced or unpunctuated; rubric phrases are
normalised the same way so a phrase matches however the ASR wrote it. Chinese numerals are NOT
rewritten to digits in the match text (that would turn 一定 into 1定); rules that need numbers use
``NUM`` in their regex and ``parse_number`` to read the value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress

import cn2an

from transcripts.textnorm import to_simplified

KEEP = frozenset("〔〕%")
"""Punctuation kept: redaction placeholders (〔手机号〕) and percent signs (100%)."""

CN_DIGITS = "零〇一二两三四五六七八九十百千万"
NUM = rf"(?:\d+(?:\.\d+)?|[{CN_DIGITS}]+)"
"""Regex for a number written with digits or Chinese numerals; ``<NUM>`` in rubric regexes."""

_DIGIT_RUN = re.compile(r"\d{7,}")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _wide_table() -> dict[int, str]:
    """Full-width ASCII and the ideographic space → the one character NFKC makes of each (D164)."""
    table = {}
    for point in [*range(0xFF01, 0xFF5F), 0x3000]:
        ch = chr(point)
        plain = unicodedata.normalize("NFKD", ch)
        if len(plain) == 1 and plain == unicodedata.normalize("NFKC", ch):
            table[point] = plain
    return table


_WIDE = _wide_table()


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, cheaper on Chinese text with full-width punctuation (，：？): those
    characters are first replaced by their one-character decomposition, which leaves NFKD of the text (and so its
    NFKC) unchanged; the full normalisation runs only if the text is still not NFKC (D164)."""
    text = text.translate(_WIDE)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Simplified, half-width, lower-case, without spaces or punctuation (except ``KEEP``)."""
    text = to_simplified(text)
    text = nfkc(text)
    text = text.lower()
    if text and max(text) > "\uffff":  # emoji and other astral characters: the per-character rule
        return "".join(ch for ch in text if ch in KEEP or unicodedata.category(ch)[0] not in "PZCS")
    return _DROPPED.sub("", text)


SEPARATOR = "\n"


def normalise_all(texts: tuple[str, ...]) -> tuple[str, ...]:
    """``normalise`` of every text, with one OpenCC call and one NFKC/lower/punctuation pass over the texts
    joined by newlines (D147): OpenCC's phrase dictionary has no newline, NFKC never composes across one and
    the kept-newline class drops the same characters, so the output equals ``normalise`` per text."""
    if len(texts) < 2 or any(SEPARATOR in t for t in texts):
        return tuple(map(normalise, texts))
    text = to_simplified(SEPARATOR.join(texts))
    text = nfkc(text)
    text = text.lower()
    if _ASTRAL.search(text):
        return tuple(map(normalise, texts))
    parts = _DROPPED_BUT_SEPARATOR.sub("", text).split(SEPARATOR)
    return tuple(parts) if len(parts) == len(texts) else tuple(map(normalise, texts))


def _dropped(keep: str = "") -> re.Pattern[str]:
    """Every BMP character of the Unicode categories P, Z, C, S except ``KEEP``, as one character class: one
    C-level ``sub`` per sentence instead of a category look-up per character (3× faster on fresh text)."""
    ranges: list[tuple[int, int]] = []
    for point in range(0x10000):
        ch = chr(point)
        if ch not in KEEP and ch not in keep and unicodedata.category(ch)[0] in "PZCS":
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1] = (ranges[-1][0], point)
            else:
                ranges.append((point, point))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]+")


_DROPPED = _dropped()
_DROPPED_BUT_SEPARATOR = _dropped(SEPARATOR)


@lru_cache(maxsize=65536)
def offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """Character-wise ``normalise`` with, for each output character, its offset in ``text``.

    Used to point evidence at the matched span of the stored sentence. Character-wise conversion can
    differ from phrase-level OpenCC on rare words; callers treat "not found" as "no span".
    """
    parts = list(map(normalise, text))
    norm = "".join(parts)
    where = tuple(compress(range(len(parts)), parts))  # the characters that normalise to something
    if len(where) == len(norm):  # each of them to exactly one character (the usual case, D161)
        return norm, where
    return norm, tuple(i for i, part in enumerate(parts) for _ in part)


def locate(text: str, phrase: str) -> tuple[int, int] | None:
    """Offsets (start, end) in ``text`` of the first occurrence of a normalised ``phrase``, if any."""
    norm, where = offsets(text)
    k = norm.find(phrase) if phrase else -1
    if k < 0:
        return None
    return where[k], where[k + len(phrase) - 1] + 1


def expand_macros(pattern: str) -> str:
    """Rubric regex macros: ``<NUM>`` → a digit or Chinese-numeral number."""
    return pattern.replace("<NUM>", NUM)


def parse_number(token: str) -> float | None:
    """``300`` / ``三百`` / ``两千`` / ``1千`` → a float; None when it is not a number."""
    try:
        return float(token)
    except ValueError:
        pass
    try:
        return float(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def char_count(text: str) -> int:
    """Spoken characters (CJK, letters, digits): the unit of speech rate."""
    return spoken_count(normalise(text))


def spoken_count(normalised: str) -> int:
    """``char_count`` of an already normalised text (``CallContext.texts``)."""
    return len(normalised) - normalised.count("〔") - normalised.count("〕")


def mask_digits(text: str) -> str:
    """Long digit runs → ``*`` except the last 4, so evidence never repeats a full number."""
    return _DIGIT_RUN.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], text)
