"""Phrase matching shared by operators: exact phrases, regexes, fuzzy fallback, negation guards.

``Phrases`` is the typed rubric block; ``compile`` happens once, at rubric load.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from rapidfuzz import fuzz

from scoring.text import expand_macros, normalise

SpeakerSel = Literal["agent", "customer", "any"]

FUZZY_MIN_CHARS = 5
"""Fuzzy fallback only for phrases this long: one changed character in a 4-character phrase
(什么玩意 / 什么意思) already changes its meaning."""


class Phrases(BaseModel):
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

    _exact: re.Pattern[str] | None = PrivateAttr(default=None)
    _regexes: tuple[re.Pattern[str], ...] = PrivateAttr(default=())
    _negations: re.Pattern[str] | None = PrivateAttr(default=None)
    _unless: re.Pattern[str] | None = PrivateAttr(default=None)
    _fuzzy_phrases: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("regex")
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

    def model_post_init(self, __context: object) -> None:
        self._exact = _alternation(self.phrases)
        self._regexes = tuple(re.compile(expand_macros(p)) for p in self.regex)
        self._negations = _alternation(self.negated_by)
        self._unless = _alternation(self.unless)
        self._fuzzy_phrases = tuple(p for p in map(normalise, self.phrases) if len(p) >= FUZZY_MIN_CHARS)

    def search(self, text: str) -> str | None:
        """The matched phrase (normalised) in an already normalised sentence, or None."""
        if self._unless is not None and self._unless.search(text):
            return None
        if self._negations is not None:
            text = self._negations.sub("|", text)
        if self._exact is not None and (m := self._exact.search(text)):
            return m.group()
        for rx in self._regexes:
            if m := rx.search(text):
                return m.group()
        if self.fuzzy is not None:
            for phrase in self._fuzzy_phrases:
                # a sentence shorter than the phrase would be aligned INSIDE it (对 ≈ 你这样说就不对)
                if len(text) >= len(phrase) and fuzz.partial_ratio(phrase, text, score_cutoff=self.fuzzy):
                    return f"≈{phrase}"
        return None


class MatchSpec(Phrases):
    """``Phrases`` said by one party (``any`` = agent or customer)."""

    speaker: SpeakerSel = "any"


def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = sorted({normalise(p) for p in phrases if normalise(p)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cleaned))) if cleaned else None
