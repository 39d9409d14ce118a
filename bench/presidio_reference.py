"""Presidio reference run for bench/eval_redaction.py (run with a Python that has presidio-analyzer).

Reads {"text"} JSON lines on stdin, prints one JSON list of [start, end, TYPE] per line. Uses Presidio's
own recognizers that apply to Chinese calls — PhoneRecognizer (CN region), EmailRecognizer,
CreditCardRecognizer — with the NoOp NLP engine (no spaCy model; Presidio has no Chinese recognizers).
Not part of callqa: a separate venv keeps spaCy out of the product (`python3 -m venv /tmp/presidio-venv &&
/tmp/presidio-venv/bin/pip install presidio-analyzer phonenumbers`).
"""

from __future__ import annotations

import json
import sys

import tldextract
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine.no_op_nlp_engine import NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, EmailRecognizer, PhoneRecognizer

TYPES = {"PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "CREDIT_CARD": "BANK_CARD"}


def engine() -> AnalyzerEngine:
    # Presidio's EmailRecognizer calls tldextract, which would fetch the public-suffix list from the network:
    # use the snapshot bundled with tldextract instead (offline).
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    nlp = NoOpNlpEngine(models=[{"lang_code": "zh", "model_name": "none"}])
    nlp.load()
    registry = RecognizerRegistry(supported_languages=["zh"])
    registry.add_recognizer(PhoneRecognizer(supported_language="zh", supported_regions=("CN",)))
    registry.add_recognizer(EmailRecognizer(supported_language="zh"))
    registry.add_recognizer(CreditCardRecognizer(supported_language="zh"))
    return AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["zh"])


def main() -> None:
    analyzer = engine()
    for line in sys.stdin:
        text = json.loads(line)["text"]
        found = analyzer.analyze(text=text, language="zh")
        print(json.dumps([[r.start, r.end, TYPES[r.entity_type]] for r in found if r.entity_type in TYPES]))


if __name__ == "__main__":
    main()
