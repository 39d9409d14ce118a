"""The detector registry: every personal-data detector the redactor runs, in one explicit list.

Add a detector by writing a small class (``name``, ``version``, ``detect(text, runs)``) and one line
here; nothing else changes (the flow, storage and audit log take whatever detections come out).
"""

from __future__ import annotations

from transcripts.redaction.detectors import name_tagger
from transcripts.redaction.detectors.address import AddressDetector
from transcripts.redaction.detectors.backstop import BackstopDetector
from transcripts.redaction.detectors.base import Candidate, Detector
from transcripts.redaction.detectors.birth import BIRTH_DATE
from transcripts.redaction.detectors.codes import VerificationCodeDetector
from transcripts.redaction.detectors.names import PersonNameDetector
from transcripts.redaction.detectors.names_forms import FormsNameDetector
from transcripts.redaction.detectors.names_uncued import UncuedNameDetector
from transcripts.redaction.detectors.numbers import BankCardDetector, IdCardDetector
from transcripts.redaction.detectors.patterns import PASSPORT_PERMIT, EmailDetector
from transcripts.redaction.detectors.phones import PhoneDetector
from transcripts.redaction.detectors.plates import LICENSE_PLATE
from transcripts.redaction.detectors.social import QqNumberDetector, SocialAccountDetector


def build_detectors(search: str = name_tagger.DEFAULT_SEARCH) -> tuple[Detector, ...]:
    """Every detector, in the order they run; ``search`` is the name search depth (``name_tagger.DEPTHS``).
    Building loads the name tagger's model, so it happens once per process (``engine.build_redactor``).
    Order matters only for ties: when two detections overlap, the higher confidence wins, then the earlier."""
    tagger = name_tagger.available(search)
    return (
        IdCardDetector(),
        BankCardDetector(),
        PhoneDetector(),
        VerificationCodeDetector(),
        EmailDetector(),
        LICENSE_PLATE,
        PASSPORT_PERMIT,
        SocialAccountDetector(),
        QqNumberDetector(),
        PersonNameDetector(),
        FormsNameDetector(),
        UncuedNameDetector(shared_bound=tagger[0].prefilter if tagger else UncuedNameDetector.threshold),
        *tagger,
        BIRTH_DATE,
        AddressDetector(),
        BackstopDetector(),
    )


__all__ = ["Candidate", "Detector", "build_detectors"]
