"""PIPL redaction of transcripts: typed placeholders in text, value-free detections for the audit log.

The detectors live in one registry (``detectors/__init__.py``); ``engine.build_redactor(depth)`` builds
them (and loads the name tagger's model), ``transcript.redact_transcript`` applies a redactor to a whole
transcript. This package imports nothing on its own, so importing a placeholder table costs nothing. See
docs/decisions.md for what is and is not treated as personal data.
"""
