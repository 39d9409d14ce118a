"""Phrase matching shared by operators: exact phrases, regexes, fuzzy fallback, negation guards.

``Phrases`` is the typed rubric block; ``compile`` happens once, at rubric load.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator
from rapidfuzz import fuzz, process

from scoring.fuzzy_pairs import guaranteed_pairs, pairs_of
from scoring.lexicon import LEXICONS
from scoring.sound import Sound
from scoring.sound_match import SHORT_SYLLABLES, SoundIndex, build_index
from scoring.sound_setting import SoundSetting
from scoring.text import expand_macros, normalise

SpeakerSel = Literal["agent", "customer", "any"]

FUZZY_MIN_CHARS = 5
"""Fuzzy fallback only for phrases this long: one changed character in a 4-character phrase
(什么玩意 / 什么意思) already changes its meaning."""


BIGRAM_SAFE = 70
"""partial_ratio ≥ 70 allows at most 0.3·L edit operations on an L-character phrase (L ≥ 5), which
cannot break every adjacent pair of the phrase: some pair survives verbatim in the sentence."""


class Phrases(SoundSetting):
    """What to look for in one sentence.

    ``negated_by`` phrases are cut out of the sentence before matching, so 不能保证 never
    counts as 保证 while 我保证…不能保证 still does. A sentence containing any ``unless``
    phrase does not count at all. ``fuzzy`` is a rapidfuzz partial_ratio threshold (0–100)
    used when no exact phrase matches; None turns fuzzy matching off.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    phrases: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    fuzzy: int | None = Field(default=None, ge=50, le=100)
    negated_by: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    unless_regex: tuple[str, ...] = ()
    """Exclusion regexes: a sentence matching any of them does not count (like ``unless``)."""
    require: Literal["any", "all"] = "any"
    """``all``: every phrase in ``phrases`` must occur in the sentence (synonym lists use ``any``)."""

    @field_validator("regex", "unless_regex")
    @classmethod
    def _regex_compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for i, pattern in enumerate(value):
            try:
                re.compile(expand_macros(pattern))
            except re.error as exc:
                raise ValueError(f"regex[{i}] {pattern!r} does not compile: {exc}") from None
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Phrases:
        if not self.phrases and not self.regex:
            raise ValueError("give at least one of 'phrases' or 'regex'")
        return self

    @cached_property
    def compiled(self) -> Matcher:
        """Compiled once per rubric load; a plain object so the hot path avoids pydantic attribute lookups."""
        fuzzy = tuple(sorted({p for p in map(normalise, self.phrases) if len(p) >= FUZZY_MIN_CHARS}, key=len))
        pairs = tuple(sorted({p[i:i + 2] for p in fuzzy for i in range(len(p) - 1)}))
        return Matcher(
            exact=_alternation(self.phrases),
            regexes=tuple(re.compile(expand_macros(p)) for p in self.regex),
            negations=_alternation(self.negated_by),
            unless=_union(_alternation(self.unless), tuple(re.compile(expand_macros(p)) for p in self.unless_regex)),
            every=tuple(sorted({normalise(p) for p in self.phrases if normalise(p)})) if self.require == "all" else (),
            fuzzy=self.fuzzy,
            fuzzy_phrases=fuzzy,
            fuzzy_lengths=tuple(len(p) for p in fuzzy),
            bigrams=_alternation(pairs) if fuzzy and (self.fuzzy or 0) >= BIGRAM_SAFE else None,
            sound=None if self.sound == "exact" else build_index(
                _norm(self.phrases), _norm(self.negated_by), self._vocabulary | set(_norm(self.phrases)), self.sound,
                self.regex),
            exact_words=tuple(sorted(set(_norm(self.phrases)))),
            pairs=pairs,
        )

    def search(self, text: str) -> str | None:
        """The matched phrase (normalised) in an already normalised sentence, or None."""
        return self.compiled.search(text)


@dataclass(frozen=True)
class Matcher:
    exact: re.Pattern[str] | None
    regexes: tuple[re.Pattern[str], ...]
    negations: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    every: tuple[str, ...]
    fuzzy: int | None
    fuzzy_phrases: tuple[str, ...]
    fuzzy_lengths: tuple[int, ...]
    bigrams: re.Pattern[str] | None
    """Any character pair of a fuzzy phrase. At a threshold ≥ ``BIGRAM_SAFE`` a fuzzy match leaves at
    least one pair of the phrase intact, so a sentence without any pair cannot match (a cheap C-level
    pre-check that skips rapidfuzz for most sentences)."""
    sound: SoundIndex | None = None
    exact_words: tuple[str, ...] = ()
    """The normalised phrases ``exact`` alternates, as literals for the call-wide scan (``scoring.lexicon``)."""
    pairs: tuple[str, ...] = ()
    """The character pairs ``bigrams`` alternates."""

    @cached_property
    def scans(self) -> Scans | None:
        """Where, over a whole call, every sentence ``search`` may accept is found (``unless`` and negations only
        remove): literal word groups of ``scoring.lexicon`` and regexes, each with the text kind to scan (None:
        the characters; a sound mode: their codes). None: any sentence may match (fuzzy phrases without a pair
        pre-check). The characters' phrases are left out when the sound codes cover them (identical characters
        sound identical; one-character phrases are only heard in context, so their blocks keep them)."""
        fuzzy = self.fuzzy is not None and bool(self.fuzzy_phrases)
        if fuzzy and self.bigrams is None:
            return None
        groups: list[tuple[int, Sound | None]] = []
        words: list[str] = []
        if self.exact is not None and (self.sound is None or not self.sound.covers_exact):
            words += self.exact_words
        if fuzzy and self.bigrams is not None:
            if self.fuzzy is not None and all(guaranteed_pairs(len(p), self.fuzzy) >= 2 for p in self.fuzzy_phrases):
                # a fuzzy match leaves two of its phrase's pairs in the sentence (D162): one counted group each
                groups += [(-1 - LEXICONS[None].group(pairs_of(p), counted=True), None) for p in self.fuzzy_phrases]
            else:
                words += self.pairs
        if words:
            groups.append((LEXICONS[None].group(words), None))
        patterns: list[tuple[re.Pattern[str], Sound | None]] = [(rx, None) for rx in self.regexes]
        if self.sound is not None:
            if self.sound.phrases:
                groups.append((LEXICONS[self.sound.mode].group(self.sound.phrases), self.sound.mode))
            for rx in self.sound.patterns:
                if (long := _long_literals(rx)) is None:
                    patterns.append((rx, self.sound.mode))
                else:
                    groups.append((LEXICONS[self.sound.mode].group(long), self.sound.mode))
        return Scans(tuple(groups), tuple(patterns))

    def search(self, text: str, coded: str | None = None) -> str | None:
        """The matched phrase in normalised ``text``; ``coded``: its sound codes when the caller has them."""
        if self.unless is not None and self.unless.search(text):
            return None
        original = text
        if self.negations is not None:
            text = self.negations.sub("|", text)
        if self.every:
            return "+".join(self.every) if all(p in text for p in self.every) else None
        if self.exact is not None and (m := self.exact.search(text)):
            return m.group()
        for rx in self.regexes:
            if m := rx.search(text):
                return m.group()
        if self.sound is not None and (heard := self.sound.find(original, self.negations, coded)):
            return f"{SOUND_MARK}{heard}"
        if self.fuzzy is not None and self.fuzzy_phrases:
            # only phrases no longer than the sentence: a shorter sentence would be aligned INSIDE the
            # phrase (对 ≈ 你这样说就不对). fuzzy_phrases is sorted by length.
            usable = self.fuzzy_phrases[:bisect_right(self.fuzzy_lengths, len(text))]
            if usable and (self.bigrams is None or self.bigrams.search(text)):
                best = process.extractOne(text, usable, scorer=fuzz.partial_ratio, score_cutoff=self.fuzzy)
                if best is not None:
                    return f"≈{best[0]}"
        return None


@dataclass(frozen=True)
class Scans:
    """A block's call-wide pre-check (``Matcher.scans``): literal word groups and regexes, each with its text kind.
    A negative group id ``-1 - g`` stands for the sentences with two occurrences of counted group ``g``'s words."""

    groups: tuple[tuple[int, Sound | None], ...]
    patterns: tuple[tuple[re.Pattern[str], Sound | None], ...]


SOUND_MARK = "♪"
"""Prefix of a match result found by sound; ``hit_note``/``said`` turn it into 按读音匹配 for QA staff."""


def is_sound(hit: str) -> bool:
    return hit.startswith(SOUND_MARK)


def said(hit: str) -> str:
    """A match result as QA staff read it: the sentence's own characters, plus 按读音匹配 for a sound match."""
    return f"{hit[1:]}（按读音匹配）" if hit.startswith(SOUND_MARK) else hit


def hit_note(hit: str) -> str:
    return f"命中“{said(hit)}”" if not hit.startswith(SOUND_MARK) else f"命中“{hit[1:]}”（按读音匹配）"


def _long_literals(rx: re.Pattern[str]) -> list[str] | None:
    """For an encoded regex that is a plain alternation of literals (R06's question words by sound), its literals
    longer than ``SHORT_SYLLABLES`` (D160): every match ``SoundIndex.find`` accepts is one of them, so the
    lexicon pass finds a superset of its sentences. None for any other regex (it keeps its regex scan)."""
    alternatives = rx.pattern.split("|")
    if any(re.escape(a) != a for a in alternatives) or rx.flags & ~re.UNICODE:
        return None
    return [a for a in alternatives if len(a) > SHORT_SYLLABLES]


def _norm(phrases: tuple[str, ...]) -> list[str]:
    return [n for n in map(normalise, phrases) if n]


class MatchSpec(Phrases):
    """``Phrases`` said by one party (``any`` = agent or customer)."""

    speaker: SpeakerSel = "any"


def _union(first: re.Pattern[str] | None, more: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    parts = ([first.pattern] if first is not None else []) + [f"(?:{p.pattern})" for p in more]
    return re.compile("|".join(parts)) if parts else None


def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a phrase list, as a prefix trie: Python's ``re`` tries the alternatives of a plain
    ``a|b|c`` one by one at every position, a trie shares prefixes (4–10× faster on long lists). At a
    position the longest phrase wins, as with a longest-first alternation."""
    cleaned = {normalise(p) for p in phrases if normalise(p)}
    if not cleaned:
        return None
    trie: dict[str, Any] = {}
    for phrase in cleaned:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_regex(trie))


def _trie_regex(node: dict[str, Any]) -> str:
    alts = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:  # a phrase may also end here: longer continuations are tried first (greedy)
        return f"(?:{body})?"
    return body
