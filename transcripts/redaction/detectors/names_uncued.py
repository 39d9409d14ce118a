"""Person names without a cue (news-style 江泽民会见… / chat lines that are just 陈晓东): a scored candidate model.

Every surname (single or compound) followed by a Chinese character is a candidate; its score in nats is
    surname typicality + given-character typicality (the 3rd character at half weight)
    − ordinary-word evidence (a dictionary word that starts at the surname, 方面 / 黄河 / 高兴 …, or crosses
      into it from the left, 一方面 / 俄罗斯)
    + context (a title or 、 before it; 说 / 表示 / 同志 / 、 after it)
and the candidate is redacted when the score exceeds ``threshold``. Statistics come from jieba's files
(``name_lexicon``), never from evaluation data. The third character is kept unless it is a function word,
untypical of names, or starts an ordinary word (王刚表示 → 王刚): redacting one character too many costs
little, one too few leaves a name readable.
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate
from transcripts.redaction.detectors.name_lexicon import (
    MAX_SCORE,
    ORDINARY,
    NameLexicon,
    crossing,
    load,
    starting,
)
from transcripts.redaction.detectors.names import COMPOUND, SINGLE
from transcripts.redaction.digits import DigitRun

STOP = frozenset("的了是在我你他她它们这那有个吗呢吧啊和与及或就都也还很说要会能可不没到给把被让从对向为于以"
                 "而但如因所此些么什怎样哪里谁几多少号码一二三四五六七八九十零百千万元块年月日时分秒天请您")
"""Characters that never start or end a given name here."""
CJK = re.compile(r"[\u4e00-\u9fff]")
CANDIDATE = re.compile("(?:" + "|".join(COMPOUND) + f"|[{SINGLE}])(?=[\u4e00-\u9fff])")
LEFT_CUE = re.compile(r"(?:记者|主席|总理|书记|部长|委员|教授|同志|会见|会长|院长|主任|经理|省长|市长|"
                      r"局长|厂长|校长|导演|演员|歌手|作家|教练|队长|球员|、|和|与|及|给|叫|是|由|向|对|跟|同)$")
RIGHT_CUE = re.compile(r"^(?:说|表示|指出|认为|强调|介绍|同志|先生|女士|小姐|主席|总理|书记|部长|委员|教授|"
                       r"等|、|和|与|在|的|是|也|还|就|将|曾|已|于|今天|昨天|主持|会见|出席|告诉|透露|称|道|笑)")
CLASSIFIER_BEFORE = "这那一两几每哪各整半"
"""这张 / 一张: 张 is a measure word after these."""
RECENT = 1024
_recent: dict[int, tuple[str, float, list[tuple[int, int, float]]]] = {}
"""id(text) → (text, bound, scores) of the texts scored lately (a call's turns); emptied by rebinding when
full, so threads at worst re-score."""


class UncuedNameDetector:
    name = "person_name_uncued"
    version = "1.2"
    threshold = 8.0
    """Chosen so that overall precision stays ≥ 0.97 on bench/eval_redaction.py (docs/decisions.md D19)."""
    compound_surname = 3.0
    third_weight = 0.5
    third_min = -1.0
    """Given-character score below which a third character is not part of the name."""
    word_weight = 0.5
    cue_bonus = 1.0
    alone_bonus = 2.0
    """A 2–3 character candidate standing alone between spaces, punctuation or the text's ends (a chat line
    signed 五星好评 姜静, a name typed on its own line)."""
    best_extra = 0.5 * MAX_SCORE + 2 * 1.0
    """The most the third character and the context can add (scores are capped at MAX_SCORE)."""
    confidence = 0.6
    """Below the cue-based rules (0.7–0.9), so a cued detection wins an overlap."""

    def __init__(self, shared_bound: float = threshold) -> None:
        self.shared_bound = shared_bound
        """Candidates that can score above this are scored in full, once per text, for this detector and
        for ``person_name_tagger`` (pass its ``prefilter``): the tagger reuses the scores (D19)."""

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        out: list[Candidate] = []
        last = -1
        for start, end, score in self.scored(text, min(self.threshold, self.shared_bound)):
            if start >= last and score > self.threshold:
                out.append(Candidate(start, end, "PERSON_NAME", self.name, self.version, self.confidence,
                                     text[start:end]))
                last = end
        return out

    def scored(self, text: str, bound: float) -> list[tuple[int, int, float]]:
        """(start, end, score) of every candidate; scores that cannot exceed ``bound`` are left partial.

        The last ``RECENT`` texts' results are kept (keyed by the text object itself, so this detector
        and the tagger score each turn of a call once); a result computed with a lower bound serves a
        higher one, since it holds every score that can exceed either in full.
        """
        global _recent
        kept = _recent.get(id(text))
        if kept is not None and kept[0] is text and kept[1] <= bound:
            return kept[2]
        lex = load()
        out: list[tuple[int, int, float]] = []
        for m in CANDIDATE.finditer(text):
            start, given = m.start(), m.end()
            if text[given] in STOP or (m.group() == "张" and start > 0 and text[start - 1] in CLASSIFIER_BEFORE):
                continue
            out.append((start, *self.score(lex, text, start, given, bound)))
        if len(_recent) >= RECENT:
            _recent = {}
        _recent[id(text)] = (text, bound, out)
        return out

    def score(self, lex: NameLexicon, text: str, start: int, given: int, bound: float) -> tuple[int, float]:
        """(end, score) of the name that starts at ``start`` with given name at ``given``."""
        surname = text[start:given]
        score = lex.surname.get(surname, -10.0) if len(surname) == 1 else self.compound_surname
        score += lex.given_score(text[given])
        end = given + 1
        if alone(text, start, given):
            score += self.alone_bonus
        if score + self.best_extra < bound:
            return end, score  # cannot pass whatever follows: skip the dictionary look-ups (most candidates)
        if self.has_third(lex, text, given):
            score += self.third_weight * lex.given_score(text[given + 1])
            end += 1
        score -= self.word_weight * (crossing(lex, text, start) + starting(lex, text, start, end - start + 1))
        if LEFT_CUE.search(text[max(0, start - 3):start]):
            score += self.cue_bonus
        if RIGHT_CUE.match(text, end):
            score += self.cue_bonus
        return end, score

    def has_third(self, lex: NameLexicon, text: str, given: int) -> bool:
        third = text[given + 1:given + 2]
        if not third or not CJK.match(third) or third in STOP or lex.given_score(third) <= self.third_min:
            return False
        starts_word = lex.words.get(text[given + 1:given + 3], 0.0) > ORDINARY
        return not (starts_word and text[given:given + 2] not in lex.words)


_WORDLIKE = re.compile(r"[\w]")


def alone(text: str, start: int, given: int) -> bool:
    """The surname at ``start`` plus 1 or 2 characters form a token with no word character on either side."""
    if start > 0 and _WORDLIKE.match(text[start - 1]):
        return False
    return any(given + n <= len(text) and CJK.fullmatch(text[given:given + n])
               and (given + n == len(text) or not _WORDLIKE.match(text[given + n])) for n in (1, 2))
