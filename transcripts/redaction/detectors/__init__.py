"""The detector registry: every personal-data detector the redactor runs, in one explicit list.

Add a detector by writing a small class (``name``, ``version``, ``detect(text, runs)``) and one line
here; nothing else changes (the flow, storage and audit log take whatever detections come out).
"""

from __future__ import annotations

from transcripts.redaction.detectors import name_tagger
from transcripts.redaction.detectors.address import AddressDetector
from transcripts.redaction.detectors.base import Candidate, Detector
from transcripts.redaction.detectors.codes import VerificationCodeDetector
from transcripts.redaction.detectors.names import PersonNameDetector
from transcripts.redaction.detectors.names_uncued import UncuedNameDetector
from transcripts.redaction.detectors.numbers import (
    BankCardDetector,
    IdCardDetector,
    PhoneDetector,
)
from transcripts.redaction.detectors.patterns import (
    BIRTH_DATE,
    LICENSE_PLATE,
    PASSPORT_PERMIT,
    SOCIAL_ACCOUNT,
    EmailDetector,
)
from transcripts.redaction.detectors.social import QqNumberDetector

NAME_SEARCH = name_tagger.search_from_env()
_TAGGER = name_tagger.available(NAME_SEARCH)

DETECTORS: tuple[Detector, ...] = (
    IdCardDetector(),
    BankCardDetector(),
    PhoneDetector(),
    VerificationCodeDetector(),
    EmailDetector(),
    LICENSE_PLATE,
    PASSPORT_PERMIT,
    SOCIAL_ACCOUNT,
    QqNumberDetector(),
    PersonNameDetector(),
    UncuedNameDetector(shared_bound=_TAGGER[0].prefilter if _TAGGER else UncuedNameDetector.threshold),
    *_TAGGER,
    BIRTH_DATE,
    AddressDetector(),
)
"""Order matters only for ties: when two detections overlap, the higher confidence wins, then the earlier."""

__all__ = ["DETECTORS", "NAME_SEARCH", "Candidate", "Detector"]
