"""Redact a whole transcript: segment texts, word texts, metadata; one Detection per span per segment.

Detection runs over *turns*: consecutive segments of the same speaker joined, so a number split by
the ASR across two utterances ("13812" | "345678") is still found. The tail of the other party's
previous sentence is given as context only (so 验证码是多少？ → "八三五二一六" is seen as a code);
spans are never taken from that context.
"""

from __future__ import annotations

from dataclasses import dataclass

from callqa.keys import KeyedHasher
from transcripts.models import Detection, Segment, Transcript, Word
from transcripts.redaction.detectors import Candidate
from transcripts.redaction.engine import apply_placeholders, detect, redact_text, value_hash
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


def _locate(segments: tuple[Segment, ...]) -> list[_Local]:
    found: list[_Local] = []
    group = 0
    for turn in _turns(segments):
        first = turn[0]
        context = segments[first - 1].text[-CONTEXT_CHARS:] + CONTEXT_JOIN if first > 0 else ""
        bases: list[int] = []
        text = context
        for k, idx in enumerate(turn):
            if k:
                text += TURN_JOIN
            bases.append(len(text))
            text += segments[idx].text
        for cand in detect(text):
            pieces = []
            for idx, base in zip(turn, bases, strict=True):
                lo, hi = max(cand.start, base), min(cand.end, base + len(segments[idx].text))
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


def _word_offsets(seg: Segment) -> list[tuple[int, int]]:
    """Character range of each word in the segment text (best effort if they do not concatenate)."""
    offsets: list[tuple[int, int]] = []
    cursor = 0
    for w in seg.words:
        pos = seg.text.find(w.text, cursor) if w.text else -1
        if pos < 0:
            pos = cursor
        offsets.append((pos, pos + len(w.text)))
        cursor = pos + len(w.text)
    return offsets


def _redact_words(seg: Segment, spans: list[_Local]) -> tuple[tuple[Word, ...], list[tuple[float, float]]]:
    """New word texts (the first word touching a span carries the placeholder) and each span's audio range."""
    offsets = _word_offsets(seg)
    emitted: set[int] = set()
    words: list[Word] = []
    times: list[list[float]] = [[] for _ in spans]
    for word, (ws, we) in zip(seg.words, offsets, strict=True):
        out: list[str] = []
        for pos in range(ws, we):
            hit = next((k for k, s in enumerate(spans) if s.start <= pos < s.end), None)
            if hit is None:
                out.append(seg.text[pos] if pos < len(seg.text) else "")
                continue
            times[hit] += [word.start, word.end]
            if hit not in emitted:
                emitted.add(hit)
                out.append(PLACEHOLDERS[spans[hit].cand.type])
        words.append(word.model_copy(update={"text": "".join(out)}) if we > ws else word)
    ranges = [(round(max(0.0, min(t) - AUDIO_PAD_S), 2), round(max(t) + AUDIO_PAD_S, 2)) if t
              else (seg.start, seg.end) for t in times]
    return tuple(words), ranges


def _redact_value(value: object) -> object:
    if isinstance(value, str):
        return redact_text(value).text
    if isinstance(value, dict):
        return {k: _redact_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    return value


def redact_transcript(transcript: Transcript, hasher: KeyedHasher) -> RedactionOutcome:
    """Returns the redacted transcript and value-free detections (offsets into the ORIGINAL texts)."""
    by_segment: dict[int, list[_Local]] = {}
    for local in _locate(transcript.segments):
        by_segment.setdefault(local.segment, []).append(local)
    segments: list[Segment] = []
    detections: list[Detection] = []
    for idx, seg in enumerate(transcript.segments):
        spans = sorted(by_segment.get(idx, []), key=lambda s: s.start)
        if not spans:
            segments.append(seg)
            continue
        text = apply_placeholders(seg.text, [(s.start, s.end, s.cand.type) for s in spans])
        words, ranges = _redact_words(seg, spans) if seg.words else (seg.words, [(seg.start, seg.end)] * len(spans))
        segments.append(seg.model_copy(update={"text": text, "words": words}))
        for s, (a0, a1) in zip(spans, ranges, strict=True):
            c = s.cand
            detections.append(Detection(
                segment=idx, start=s.start, end=s.end, type=c.type, detector=c.detector,
                detector_version=c.detector_version, confidence=c.confidence, validators=c.validators,
                value_hash=value_hash(hasher, c), key_id=hasher.key_id, audio_start=a0, audio_end=a1,
                speaker=seg.speaker, group=s.group,
            ))
    redacted = transcript.model_copy(update={
        "segments": tuple(segments),
        "metadata": _redact_value(dict(transcript.metadata)),
    })
    return RedactionOutcome(redacted, detections)
