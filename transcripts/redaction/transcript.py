"""Redact a whole transcript: segment texts, word texts, metadata and extra fields; one Detection per span
per segment.

Detection runs over *turns*: consecutive segments of the same speaker joined, so a number split by
the ASR across two utterances ("13812" | "345678") is still found. The tail of the other party's
previous sentence is given as context only (so 验证码是多少？ → "八三五二一六" is seen as a code);
spans are never taken from that context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.keys import KeyedHasher
from transcripts.models import Detection, Segment, Speaker, Transcript, Word
from transcripts.redaction.detectors import Candidate
from transcripts.redaction.digits import GAP_CHARS
from transcripts.redaction.engine import Redactor, Span, apply_placeholders, value_hash
from transcripts.redaction.placeholders import PLACEHOLDERS

TURN_JOIN = "\n"
"""Joins segments of one turn; a separator inside digit runs, so numbers continue across segments."""
CONTEXT_JOIN = "｜"
"""Ends the other party's context; not a separator, so no number crosses it."""
CONTEXT_CHARS = 12
AUDIO_PAD_S = 0.25
"""Audio ranges are widened by this much on each side: word timestamps are approximate."""


@dataclass(frozen=True)
class RedactionOutcome:
    transcript: Transcript
    detections: list[Detection]


@dataclass(frozen=True)
class _Local:
    segment: int
    start: int
    end: int
    cand: Candidate
    group: int


def _turns(segments: tuple[Segment, ...]) -> list[list[int]]:
    turns: list[list[int]] = []
    for i, seg in enumerate(segments):
        if turns and segments[turns[-1][-1]].speaker == seg.speaker:
            turns[-1].append(i)
        else:
            turns.append([i])
    return turns


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Drop separators and fillers at the edges of a span's piece (the ``，`` that ended a segment stays
    outside, and so does the ``嗯，`` that began the next one)."""
    while lo < hi and text[lo] in GAP_CHARS:
        lo += 1
    while hi > lo and text[hi - 1] in GAP_CHARS:
        hi -= 1
    return lo, hi


def _turn_text(segments: tuple[Segment, ...], turn: list[int]) -> tuple[str, list[int]]:
    """The text detection runs on for one turn (context + joined segments) and each segment's offset."""
    first = turn[0]
    text = segments[first - 1].text[-CONTEXT_CHARS:] + CONTEXT_JOIN if first > 0 else ""
    bases: list[int] = []
    for k, idx in enumerate(turn):
        if k:
            text += TURN_JOIN
        bases.append(len(text))
        text += segments[idx].text
    return text, bases


def _locate(segments: tuple[Segment, ...], redactor: Redactor) -> list[_Local]:
    found: list[_Local] = []
    group = 0
    turns = _turns(segments)
    texts = [_turn_text(segments, turn) for turn in turns]
    for turn, (text, bases), cands in zip(turns, texts, redactor.detect_many([t for t, _ in texts]), strict=True):
        for cand in cands:
            pieces = []
            for idx, base in zip(turn, bases, strict=True):
                lo, hi = _trim(text, max(cand.start, base), min(cand.end, base + len(segments[idx].text)))
                if hi > lo:
                    pieces.append((idx, lo - base, hi - base))
            if not pieces:
                continue  # inside the context only
            gid = 0
            if len(pieces) > 1:
                group += 1
                gid = group
            found.extend(_Local(idx, s, e, cand, gid) for idx, s, e in pieces)
    return found


def _word_offsets(words: tuple[Word, ...]) -> list[tuple[int, int]]:
    """Character range of each word in the concatenation of the word texts."""
    offsets: list[tuple[int, int]] = []
    cursor = 0
    for w in words:
        offsets.append((cursor, cursor + len(w.text)))
        cursor += len(w.text)
    return offsets


def _redact_words(words: tuple[Word, ...], text: str, spans: list[tuple[int, int, str]]
                  ) -> tuple[tuple[Word, ...], list[tuple[float, float] | None]]:
    """New word texts and each span's padded audio range (None when no word touches it).

    ``text`` is the concatenation of the word texts; ``spans`` are (start, end, type) in it. The first
    word touching a span carries the placeholder; the span's other characters disappear, so a word
    lying wholly inside a span becomes "". Timings are kept.
    """
    emitted: set[int] = set()
    out_words: list[Word] = []
    times: list[list[float]] = [[] for _ in spans]
    for word, (ws, we) in zip(words, _word_offsets(words), strict=True):
        out: list[str] = []
        for pos in range(ws, we):
            hit = next((k for k, (s, e, _) in enumerate(spans) if s <= pos < e), None)
            if hit is None:
                out.append(text[pos])
                continue
            times[hit] += [word.start, word.end]
            if hit not in emitted:
                emitted.add(hit)
                out.append(PLACEHOLDERS[spans[hit][2]])
        new_text = "".join(out)
        out_words.append(word if new_text == word.text else word.model_copy(update={"text": new_text}))
    ranges = [(round(max(0.0, min(t) - AUDIO_PAD_S), 2), round(max(t) + AUDIO_PAD_S, 2)) if t else None
              for t in times]
    return tuple(out_words), ranges


def _redact_segment_words(seg: Segment, spans: list[_Local], redactor: Redactor
                          ) -> tuple[tuple[Word, ...], list[tuple[float, float]]]:
    """Redacted words and one audio range per span (the segment's whole time span when words do not tell).

    When the words do not spell the segment text (a transcript made elsewhere), they are redacted on
    their own text, and every span is given the whole segment: privacy first.
    """
    whole = (seg.start, seg.end)
    if not seg.words:
        return seg.words, [whole] * len(spans)
    joined = "".join(w.text for w in seg.words)
    if joined == seg.text:
        words, ranges = _redact_words(seg.words, joined, [(s.start, s.end, s.cand.type) for s in spans])
        return words, [r or whole for r in ranges]
    words, _ = _redact_words(seg.words, joined, [(c.start, c.end, c.type) for c in redactor.detect(joined)])
    return words, [whole] * len(spans)


def _redact_value(value: object, path: str, found: list[tuple[str, Span]], hasher: KeyedHasher,
                  redactor: Redactor) -> object:
    """Redact every string inside ``value``; each span found is reported with its field path."""
    if isinstance(value, str):
        result = redactor.redact_text(value, hasher)
        found.extend((path, s) for s in result.spans)
        return result.text
    if isinstance(value, dict):
        return {k: _redact_value(v, f"{path}.{k}" if path else str(k), found, hasher, redactor)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_value(v, f"{path}[{i}]", found, hasher, redactor) for i, v in enumerate(value)]
    return value


def _field_detections(found: list[tuple[str, Span]], segment: int, speaker: Speaker | None,
                      hasher: KeyedHasher) -> list[Detection]:
    return [Detection(segment=segment, start=s.start, end=s.end, type=s.type,
                      detector=s.detector, detector_version=s.detector_version, confidence=s.confidence,
                      validators=s.validators, value_hash=s.value_hash, key_id=hasher.key_id, speaker=speaker,
                      field=path)
            for path, s in found]


def redact_transcript(transcript: Transcript, hasher: KeyedHasher, redactor: Redactor) -> RedactionOutcome:
    """Returns the redacted transcript and value-free detections (offsets into the ORIGINAL texts).

    ``redactor`` comes from ``engine.build_redactor`` (the configured name search depth)."""
    by_segment: dict[int, list[_Local]] = {}
    for local in _locate(transcript.segments, redactor):
        by_segment.setdefault(local.segment, []).append(local)
    segments: list[Segment] = []
    detections: list[Detection] = []
    for idx, seg in enumerate(transcript.segments):
        spans = sorted(by_segment.get(idx, []), key=lambda s: s.start)
        text = apply_placeholders(seg.text, [(s.start, s.end, s.cand.type) for s in spans])
        words, ranges = _redact_segment_words(seg, spans, redactor)
        found: list[tuple[str, Span]] = []
        update: dict[str, Any] = {k: _redact_value(v, k, found, hasher, redactor)
                                  for k, v in (seg.model_extra or {}).items()}
        if text != seg.text or words != seg.words:
            update.update(text=text, words=words)
        segments.append(seg.model_copy(update=update) if update else seg)
        for s, (a0, a1) in zip(spans, ranges, strict=True):
            c = s.cand
            detections.append(Detection(
                segment=idx, start=s.start, end=s.end, type=c.type, detector=c.detector,
                detector_version=c.detector_version, confidence=c.confidence, validators=c.validators,
                value_hash=value_hash(hasher, c), key_id=hasher.key_id, audio_start=a0, audio_end=a1,
                speaker=seg.speaker, group=s.group,
            ))
        detections += _field_detections(found, idx, seg.speaker, hasher)
    found = []
    extras = {k: _redact_value(v, k, found, hasher, redactor) for k, v in (transcript.model_extra or {}).items()}
    metadata = _redact_value(dict(transcript.metadata), "metadata", found, hasher, redactor)
    detections += _field_detections(found, -1, None, hasher)
    redacted = transcript.model_copy(update={**extras, "segments": tuple(segments), "metadata": metadata})
    return RedactionOutcome(redacted, detections)
