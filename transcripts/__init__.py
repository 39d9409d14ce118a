"""Audio and text in, typed (redacted) transcripts out."""
