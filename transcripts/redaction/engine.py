"""Text redaction: run every registered detector, resolve overlaps, replace spans with placeholders."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from common.keys import KeyedHasher
from transcripts.redaction import corrections
from transcripts.redaction.detectors import DETECTORS, Candidate
from transcripts.redaction.detectors.base import BatchDetector
from transcripts.redaction.digits import DigitRun, find_digit_runs
from transcripts.redaction.placeholders import PLACEHOLDERS

DETECTOR_VERSIONS: dict[str, str] = {d.name: d.version for d in DETECTORS} | {corrections.NAME: corrections.VERSION}
"""Every pass that can produce a detection, with its version, in the order they run (audit record of a run)."""
REDACTOR_VERSION = "redact-1.2-" + hashlib.sha256(
    ";".join(f"{name}={version}" for name, version in DETECTOR_VERSIONS.items()).encode()
).hexdigest()[:8]
"""Changes whenever a detector is added or re-versioned (part of the transcription cache key)."""

_PLAN = tuple((det, det if isinstance(det, BatchDetector) else None) for det in DETECTORS)
"""Each detector and, when it batches, itself typed as such (a protocol check per call costs ~10 µs)."""


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


def detect(text: str) -> list[Candidate]:
    """Non-overlapping detections in text order (higher confidence, then longer, wins an overlap)."""
    return detect_many([text])[0]


def detect_many(texts: list[str]) -> list[list[Candidate]]:
    """``detect`` for each text; batch detectors (the name tagger) see all texts in one call — give it
    the turns of a whole call. Candidates keep the registry's order (it breaks exact ties)."""
    runs = [find_digit_runs(text) for text in texts]
    batched = [batch.detect_many(texts, runs) if batch is not None else None for _, batch in _PLAN]
    out: list[list[Candidate]] = []
    for i, (text, r) in enumerate(zip(texts, runs, strict=True)):
        found: list[Candidate] = []
        for (det, _), done in zip(_PLAN, batched, strict=True):
            found += done[i] if done is not None else det.detect(text, r)
        out.append(resolve(text, r, found))
    return out


def resolve(text: str, runs: list[DigitRun], found: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates, then add what self-corrections carry over."""
    found.sort(key=lambda c: (-c.confidence, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for cand in found:
        if cand.end <= cand.start:
            continue
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    kept.sort(key=lambda c: c.start)
    return sorted([*kept, *corrections.carry_over(text, runs, kept)], key=lambda c: c.start)


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


def redact_text(text: str, hasher: KeyedHasher | None = None) -> RedactedText:
    return redact_texts([text], hasher)[0]


def redact_texts(texts: list[str], hasher: KeyedHasher | None = None) -> list[RedactedText]:
    """``redact_text`` for several texts (a call's turns, a batch of chats) with one detection pass."""
    out: list[RedactedText] = []
    for text, cands in zip(texts, detect_many(texts), strict=True):
        spans = [Span(c.start, c.end, c.type, c.detector, c.detector_version, c.confidence, c.validators,
                      value_hash(hasher, c)) for c in cands]
        out.append(RedactedText(apply_placeholders(text, [(s.start, s.end, s.type) for s in spans]), spans))
    return out
