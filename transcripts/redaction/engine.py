"""Text redaction: run every registered detector, resolve overlaps, replace spans with placeholders."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import cache

from common.keys import KeyedHasher
from transcripts.redaction import corrections
from transcripts.redaction.detectors import Candidate, Detector, build_detectors
from transcripts.redaction.detectors.base import BatchDetector
from transcripts.redaction.detectors.name_tagger import DEFAULT_SEARCH
from transcripts.redaction.digits import DigitRun, find_digit_runs
from transcripts.redaction.normalise import NORMALISER_VERSION, Normalised, normalise
from transcripts.redaction.placeholders import PLACEHOLDERS

FINGERPRINT_PREFIX = "redact-1.3-"


@dataclass(frozen=True)
class Span:
    """One redacted span; ``start``/``end`` are offsets into the ORIGINAL text."""

    start: int
    end: int
    type: str
    detector: str
    detector_version: str
    confidence: float
    validators: tuple[str, ...] = ()
    value_hash: str | None = None


@dataclass(frozen=True)
class RedactedText:
    text: str
    spans: list[Span]


class Redactor:
    """Every registered detector, built once (the name tagger loads its model then), with the versions
    that identify what it finds. Build it with ``build_redactor``; nothing is loaded at import."""

    def __init__(self, detectors: tuple[Detector, ...]) -> None:
        self.detectors = detectors
        self.versions: dict[str, str] = ({"normalise": NORMALISER_VERSION} | {d.name: d.version for d in detectors}
                                          | {corrections.NAME: corrections.VERSION})
        """Every pass that can produce a detection, with its version, in the order they run (the run's
        audit record)."""
        self.version = FINGERPRINT_PREFIX + hashlib.sha256(
            ";".join(f"{name}={ver}" for name, ver in self.versions.items()).encode()).hexdigest()[:8]
        """Changes whenever a detector is added or re-versioned (part of the transcription cache key)."""
        self._plan = tuple((det, det if isinstance(det, BatchDetector) else None) for det in detectors)
        """Each detector and, when it batches, itself typed as such (a protocol check per call costs ~10 µs)."""

    def detect(self, text: str) -> list[Candidate]:
        """Non-overlapping detections in text order (higher confidence, then longer, wins an overlap)."""
        return self.detect_many([text])[0]

    def detect_many(self, texts: list[str]) -> list[list[Candidate]]:
        """``detect`` for each text; batch detectors (the name tagger) see all texts in one call — give it
        the turns of a whole call. Candidates keep the registry's order (it breaks exact ties).

        Every detector sees the normalised view (``normalise.py``); the candidates returned point into the
        ORIGINAL texts (mapped back here, once)."""
        views = [normalise(text) for text in texts]
        clean = [view.text for view in views]
        runs = [list(view.runs) if view.runs is not None else find_digit_runs(view.text) for view in views]
        batched = [batch.detect_many(clean, runs) if batch is not None else None for _, batch in self._plan]
        out: list[list[Candidate]] = []
        for i, (view, r) in enumerate(zip(views, runs, strict=True)):
            found: list[Candidate] = []
            for (det, _), done in zip(self._plan, batched, strict=True):
                found += done[i] if done is not None else det.detect(view.text, r)
            out.append(to_original(view, resolve(view.text, r, found)))
        return out

    def redact_text(self, text: str, hasher: KeyedHasher | None = None) -> RedactedText:
        return self.redact_texts([text], hasher)[0]

    def redact_texts(self, texts: list[str], hasher: KeyedHasher | None = None) -> list[RedactedText]:
        """``redact_text`` for several texts (a call's turns, a batch of chats) with one detection pass."""
        out: list[RedactedText] = []
        for text, cands in zip(texts, self.detect_many(texts), strict=True):
            spans = [Span(c.start, c.end, c.type, c.detector, c.detector_version, c.confidence, c.validators,
                          value_hash(hasher, c)) for c in cands]
            out.append(RedactedText(apply_placeholders(text, [(s.start, s.end, s.type) for s in spans]), spans))
        return out


WHOLE_RUN_TYPES = frozenset({"ID_CARD", "BANK_CARD", "PHONE", "VERIFICATION_CODE"})
"""Types judged on whole digit runs and on their parts (``numbers.scan``)."""
MIN_WHOLE_CONFIDENCE = 0.6
"""A whole run below this (a bare long number read as a card at 0.5) does not hide the numbers in its parts."""


@cache
def build_redactor(search: str = DEFAULT_SEARCH) -> Redactor:
    """The redactor for a name search depth (``Settings.name_search``); built once per process and depth,
    since the tagger's model takes seconds to load. ``callqa redact``, ``callqa transcribe`` and the nightly
    flow all get theirs here."""
    return Redactor(build_detectors(search))


def resolve(text: str, runs: list[DigitRun], found: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates, then add what self-corrections carry over."""
    found = [c for c in found if not _inside_a_whole(c, found)]
    found.sort(key=lambda c: (-c.confidence, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for cand in found:
        if cand.end <= cand.start:
            continue
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    kept.sort(key=lambda c: c.start)
    return sorted([*kept, *corrections.carry_over(text, runs, kept)], key=lambda c: c.start)


def _inside_a_whole(cand: Candidate, found: list[Candidate]) -> bool:
    """A number found in a part of a digit run that another numeric detector took whole (ID 510-107-196-…
    whose middle groups look like a landline): the whole, typed by its cue, wins whatever the confidences
    (D117)."""
    if cand.type not in WHOLE_RUN_TYPES:
        return False
    return any(o.type in WHOLE_RUN_TYPES and o.confidence >= MIN_WHOLE_CONFIDENCE and o.start <= cand.start
               and cand.end <= o.end and o.end - o.start > cand.end - cand.start for o in found)


def to_original(view: Normalised, cands: list[Candidate]) -> list[Candidate]:
    """Candidates in the view mapped to the original text; two that land on one original character (inside
    one expanded ``三个八``) merge into the first, so the spans stay sorted and apart."""
    if view.starts is None:
        return cands
    out: list[Candidate] = []
    for cand in cands:
        start, end = view.original_span(cand.start, cand.end)
        if out and start < out[-1].end:
            out[-1] = replace(out[-1], end=max(end, out[-1].end))
            continue
        out.append(replace(cand, start=start, end=end))
    return out


def value_hash(hasher: KeyedHasher | None, cand: Candidate) -> str | None:
    return hasher.hash(f"{cand.type}:{cand.normalised}") if hasher is not None else None


def apply_placeholders(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace each (start, end, type) span — sorted, non-overlapping — by its placeholder."""
    parts: list[str] = []
    pos = 0
    for start, end, kind in spans:
        parts.append(text[pos:start])
        parts.append(PLACEHOLDERS[kind])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
