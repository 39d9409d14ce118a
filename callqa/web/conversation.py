"""The redacted transcript as a two-party conversation with each hit's evidence highlighted in place.

Pure functions over plain values so they are tested without a database. Offsets are characters of the
stored (redacted) sentence, as in ``HitRow.matches``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SEVERITY_ORDER = {"red": 0, "yellow": 1, "blue": 2}


@dataclass(frozen=True)
class HitView:
    id: int
    indicator: str
    severity: str
    segments: tuple[int, ...]
    matches: tuple[tuple[int, int, int, str], ...]
    """(segment, start, end, text) spans."""
    heard: frozenset[tuple[int, int, int]] = frozenset()
    """(segment, start, end) of the spans matched by sound (按读音匹配)."""


@dataclass(frozen=True)
class Piece:
    text: str
    hit_ids: tuple[int, ...] = ()
    severity: str | None = None
    by_sound: bool = False
    """A hit covering this piece matched it by sound: the page says 按读音匹配 beside it."""


@dataclass(frozen=True)
class Turn:
    idx: int
    speaker: str
    start_s: float
    end_s: float
    pieces: tuple[Piece, ...]
    hit_ids: tuple[int, ...] = field(default=())
    """Hits whose evidence includes this sentence (their reasons are shown beside it)."""
    whole: bool = False
    """A hit points at the sentence without word spans (e.g. a timing rule): the whole sentence is marked."""


def _most_severe(hits: Iterable[HitView]) -> str | None:
    ranked = sorted(hits, key=lambda h: SEVERITY_ORDER.get(h.severity, 9))
    return ranked[0].severity if ranked else None


def split_pieces(text: str, spans: Sequence[tuple[int, int, HitView]], segment: int = -1) -> tuple[Piece, ...]:
    """Cut ``text`` at every span boundary; each piece lists the hits covering it."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for a, b in itertools.pairwise(cuts):
        covering = [(s, e, h) for s, e, h in spans if s <= a and b <= e]
        hits = [h for _, _, h in covering]
        pieces.append(Piece(text[a:b], tuple(h.id for h in hits), _most_severe(hits),
                            any((segment, s, e) in h.heard for s, e, h in covering)))
    return tuple(p for p in pieces if p.text)


def build_turns(segments: Sequence[tuple[int, str, float, float, str]], hits: Sequence[HitView]) -> list[Turn]:
    """``segments`` are (idx, speaker, start_s, end_s, text) of the redacted transcript."""
    turns = []
    for idx, speaker, start, end, text in segments:
        spans = [(s, e, h) for h in hits for seg, s, e, quoted in h.matches
                 if seg == idx and 0 <= s < e <= len(text) and text[s:e] == quoted]
        on_segment = [h for h in hits if idx in h.segments or any(m[0] == idx for m in h.matches)]
        spanned = {h.id for _, _, h in spans}
        whole = any(h.id not in spanned for h in on_segment)
        turns.append(Turn(idx, speaker, start, end, split_pieces(text, spans, idx), tuple(h.id for h in on_segment),
                          whole))
    return turns


ASR_FLAGS_ZH = {"repetition_loop": "识别异常：重复内容已截断"}
ROLE_GUESS_BELOW = 1.0
"""Mono recordings: roles are inferred; below this confidence the reviewer is told so."""


def segment_notes(rows: Sequence[tuple[int, list[str] | None, float | None]]) -> dict[int, list[str]]:
    """Per sentence, what the reviewer should know about the transcript itself (ASR flags, inferred roles)."""
    notes: dict[int, list[str]] = {}
    for idx, flags, role_confidence in rows:
        out = [ASR_FLAGS_ZH.get(f, f"识别标记：{f}") for f in flags or ()]
        if role_confidence is not None and role_confidence < ROLE_GUESS_BELOW:
            out.append(f"说话人为推断（置信度 {role_confidence:.2f}）")
        if out:
            notes[idx] = out
    return notes
