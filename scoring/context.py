"""What operators see of one call: normalised sentences, role positions, timings, detections."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from scoring.lexicon import LEXICONS
from scoring.match import Matcher, Phrases, SpeakerSel
from scoring.sound import Sound, encode
from scoring.sound_match import SHORT_SYLLABLES
from scoring.text import locate, normalise_all
from transcripts.models import Detection, Segment, Transcript

_NO_ROWS: set[int] = set()


def _has_long_match(pattern: re.Pattern[str], coded: str) -> bool:
    """Whether ``SoundIndex.find`` can accept a match of the encoded rubric regex ``pattern`` in one sentence's
    codes: the same ``finditer`` over the same codes, with the same length rule (D160)."""
    return any(m.end() - m.start() > SHORT_SYLLABLES for m in pattern.finditer(coded))


@dataclass(frozen=True)
class Finding:
    """Why a condition held. ``segments`` index the transcript; ``note`` is Chinese, for reviewers.

    ``measure`` is set by timing operators (e.g. ``静音 18.2 秒（12.0–30.2 秒）``) and is quoted in
    the evidence; ``note`` explains the match (e.g. ``命中“随便你”``) and goes into the reason.
    """

    segments: tuple[int, ...] = ()
    note: str = ""
    measure: str = ""
    spans: tuple[tuple[int, int, int], ...] = ()
    """(segment, start, end) of the matched text in the stored sentences, when the rule matched words."""
    by_sound: bool = False
    """The words were matched by sound (按读音匹配), not by their characters; ``spans`` are the heard words."""


@dataclass(frozen=True)
class Joined:
    text: str
    starts: tuple[int, ...]
    """Offset of each sentence in ``text``."""
    segments: tuple[int, ...]
    """Segment index of each sentence."""

    @classmethod
    def of(cls, texts: tuple[str, ...], segments: tuple[int, ...]) -> Joined:
        parts = [texts[i] for i in segments]
        starts = tuple(accumulate(map((1).__add__, map(len, parts[:-1])), initial=0)) if parts else ()
        return cls("\n".join(parts), starts, segments)


@dataclass(frozen=True)
class CallContext:
    transcript: Transcript
    texts: tuple[str, ...]
    """Normalised match text per segment (``scoring.text.normalise``)."""
    detections: tuple[Detection, ...] = ()
    roles: dict[str, tuple[int, ...]] = field(default_factory=dict)
    joined: dict[str, Joined] = field(default_factory=dict)
    """All normalised sentences of a party joined by newlines, for one-pass phrase pre-checks. Built from
    the whole call, so a superset when a scope narrows ``roles`` (which keeps pre-checks safe)."""
    coded: dict[tuple[str, Sound], str] = field(default_factory=dict)
    """Sound encoding of ``joined`` texts, computed once per call and mode and shared by every rule."""
    scanned: dict[tuple[str, Sound | None, str], frozenset[int]] = field(default_factory=dict)
    """Segments (of ``joined[speaker]``'s sentences) where a pattern occurs, per (pattern, mode, speaker):
    rules that share a phrase list (抱歉 in R18 and R19) scan the call once."""

    codes: dict[Sound, tuple[str, ...]] = field(default_factory=dict)
    """Per sound mode, every sentence's codes (normalised sentences hold no newline, so one split is exact)."""
    grouped: dict[Sound | None, tuple[int, dict[int, set[int]]]] = field(default_factory=dict)
    """Per text kind, one ``scoring.lexicon`` pass over ``joined["any"]``: (groups covered, group → segments)."""

    @classmethod
    def build(cls, transcript: Transcript, detections: Sequence[Detection] = ()) -> CallContext:
        texts = normalise_all(tuple(s.text for s in transcript.segments))
        roles: dict[str, list[int]] = {"agent": [], "customer": [], "any": []}
        for i, seg in enumerate(transcript.segments):
            if seg.speaker in ("agent", "customer"):
                roles[seg.speaker].append(i)
                roles["any"].append(i)
        joined = {k: Joined.of(texts, tuple(v)) for k, v in roles.items()}
        return cls(transcript, texts, tuple(detections), {k: tuple(v) for k, v in roles.items()}, joined)

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.transcript.segments

    @property
    def has_timing(self) -> bool:
        """Timing rules apply to phone calls with real segment times (not chat or e-mail)."""
        return self.transcript.channel == "phone" and any(s.end > 0 for s in self.transcript.segments)

    def span_of(self, segment: int, matched: str) -> tuple[tuple[int, int, int], ...]:
        """Where a matched (normalised) phrase stands in the stored sentence; empty for fuzzy matches."""
        if matched.startswith("≈"):
            return ()
        matched = matched.removeprefix("♪")
        at = locate(self.segments[segment].text, matched)
        return ((segment, *at),) if at else ()

    def candidates(self, matcher: Matcher, speaker: SpeakerSel,
                   among: tuple[int, ...] | None = None) -> tuple[int, ...]:
        """The segments of ``among`` (default: the party's) in which ``matcher`` may match, in call order."""
        among = self.roles[speaker] if among is None else among
        scans = matcher.scans
        if scans is None:
            return among
        found: list[set[int] | frozenset[int]] = []
        if scans.groups:
            found += [self._group_rows(gid, mode) for gid, mode in scans.groups]
        if scans.patterns:
            found += [self._rows(pattern, mode, speaker) for pattern, mode in scans.patterns]
        if not found:
            return ()
        hit = found[0] if len(found) == 1 else set().union(*found)
        return tuple(filter(hit.__contains__, among))

    def _group_rows(self, gid: int, mode: Sound | None) -> set[int]:
        """Segments (of ``joined["any"]``'s sentences) where a word of lexicon group ``gid`` occurs: one automaton
        pass per call and text kind covers every group (every party: ``any`` holds both, and ``candidates`` keeps
        the party's)."""
        known = self.grouped.get(mode)
        if known is None or max(gid, -1 - gid) >= known[0]:  # -1 - g: counted group g (D162)
            joined = self.joined["any"]
            text = joined.text if mode is None else self._coded("any", mode)
            self.grouped[mode] = known = LEXICONS[mode].rows(text, joined.starts, joined.segments)
        return known[1].get(gid, _NO_ROWS)

    def _rows(self, pattern: re.Pattern[str], mode: Sound | None, speaker: SpeakerSel) -> frozenset[int]:
        key = (pattern.pattern, mode, speaker)
        if (known := self.scanned.get(key)) is not None:
            return known
        joined = self.joined[speaker]
        text = joined.text if mode is None else self._coded(speaker, mode)
        starts, last = joined.starts, len(joined.starts) - 1
        rows: set[int] = set()
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            k = bisect_right(starts, m.start()) - 1
            rows.add(k)
            if k >= last:
                break
            pos = starts[k + 1]  # the next sentence: one hit per sentence is enough
        if mode is not None:  # a regex by sound counts only for a match longer than SHORT_SYLLABLES (D160)
            codes, segments = self._sentence_codes(mode), joined.segments
            rows = {k for k in rows if _has_long_match(pattern, codes[segments[k]])}
        self.scanned[key] = frozen = frozenset(joined.segments[k] for k in rows)
        return frozen

    def _coded(self, speaker: SpeakerSel, mode: Sound) -> str:
        key = (speaker, mode)
        if key not in self.coded:  # joined from the sentence codes: one encoding per call and mode
            codes = self._sentence_codes(mode)
            self.coded[key] = "\n".join([codes[i] for i in self.joined[speaker].segments])
        return self.coded[key]

    def search(self, block: Phrases | Matcher, i: int) -> str | None:
        """``block.search(self.texts[i])``, with the sentence's sound codes taken from the call's one encoding."""
        matcher = block.compiled if isinstance(block, Phrases) else block
        sound = matcher.sound
        return matcher.search(self.texts[i], None if sound is None else self._sentence_codes(sound.mode)[i])

    def _sentence_codes(self, mode: Sound) -> tuple[str, ...]:
        """Every sentence encoded (``scoring.sound.encode``), from one ``translate`` of the joined texts."""
        if (known := self.codes.get(mode)) is None:
            self.codes[mode] = known = tuple(encode("\n".join(self.texts), mode).split("\n"))
        return known

    def of(self, speaker: SpeakerSel, first: int | None = None, last: int | None = None) -> tuple[int, ...]:
        """Segment indices of one party, optionally only its first or last N sentences."""
        idx = self.roles[speaker]
        if first is not None:
            return idx[:first]
        if last is not None:
            return idx[-last:] if last else ()
        return idx
