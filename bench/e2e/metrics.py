"""Detection figures of one run against the design: per-indicator precision/recall, micro-F1 over
call × indicator, flag agreement, and CER of the stored sentences against the script's."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from bench.asr.corpus import cer
from bench.e2e.collect import RunCall
from bench.e2e.dataset import Call, Turn, design_flagged
from transcripts.models import Segment

INDICATORS = tuple(f"R{i:02d}" for i in range(1, 33))


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0


@dataclass(frozen=True)
class Figures:
    per_indicator: dict[str, Counts]
    micro: Counts
    flag_agreement: float
    calls: int


def figures(calls: Iterable[Call], run: dict[str, RunCall]) -> Figures:
    per = {i: Counts() for i in INDICATORS}
    agree = n = 0
    for call in calls:
        got = set(run[call.call_id].hits) if call.call_id in run else set()
        flagged = run[call.call_id].flagged if call.call_id in run else False
        for ind in INDICATORS:
            exp, hit = ind in call.expect, ind in got
            per[ind] = per[ind] + Counts(int(exp and hit), int(hit and not exp), int(exp and not hit))
        agree += int(flagged == design_flagged(call.expect))
        n += 1
    micro = sum(per.values(), Counts())
    return Figures(per, micro, agree / n if n else 0.0, n)


def channel_text(run_call: RunCall, channel: int) -> str:
    return "".join(s.text for s in run_call.transcript.segments if s.channel == channel)


def run_cer(calls: Iterable[Call], script: dict[str, RunCall], audio: dict[str, RunCall]) -> float:
    """Corpus CER per channel: the stored (redacted) script sentences are the reference, so a masked value
    costs nothing when the recogniser heard it as the same kind of value."""
    pairs = [(channel_text(script[c.call_id], ch), channel_text(audio[c.call_id], ch))
             for c in calls if c.call_id in script and c.call_id in audio for ch in (0, 1)]
    return cer(pairs)


def _overlap(seg: Segment, turn: Turn) -> bool:
    return seg.channel == turn.channel and min(seg.end, turn.end) - max(seg.start, turn.start) > 0.1


def segment_timing(calls: Iterable[Call], run: dict[str, RunCall]) -> dict[str, float | int]:
    """Stored sentences against the designed turns: median start/end error (seconds, voice = 0) of the sentence
    that opens/closes each turn, sentences spanning two turns of one speaker (merged), turns in several (split)."""
    starts: list[float] = []
    ends: list[float] = []
    merged = split = 0
    for call in calls:
        if call.call_id not in run:
            continue
        segs = run[call.call_id].transcript.segments
        for turn in call.turns:
            mine = [s for s in segs if _overlap(s, turn)]
            if not mine:
                continue
            split += int(len(mine) > 1)
            if abs(mine[0].start - turn.start) < 1.5:
                starts.append(mine[0].start - turn.start)
            if abs(mine[-1].end - turn.end) < 1.5:
                ends.append(mine[-1].end - turn.end)
        for s in segs:
            covered = [t for t in call.turns if _overlap(s, t)]
            merged += int(len(covered) > 1)
    return {"start_error_median_s": round(statistics.median(starts), 2) if starts else 0.0,
            "end_error_median_s": round(statistics.median(ends), 2) if ends else 0.0,
            "merged_sentences": merged, "split_turns": split}


def designed_silences(call: Call, min_s: float) -> list[tuple[float, float]]:
    """Stretches of at least ``min_s`` in the design where no turn is voiced (after the first voice)."""
    spans = sorted((t.start, t.end) for t in call.turns)
    out, voiced_until = [], spans[0][1]
    for start, end in spans[1:]:
        if start - voiced_until >= min_s:
            out.append((voiced_until, start))
        voiced_until = max(voiced_until, end)
    return out


def energy_silences(calls: Iterable[Call], run: dict[str, RunCall], min_s: float = 8.0) -> dict[str, int]:
    """Designed silences ≥ ``min_s`` found in ``Transcript.voice_silences`` (most of the span covered), and
    measured ones ≥ ``min_s`` that the design does not have."""
    designed = found = extra = 0
    for call in calls:
        measured = [s for s in (run[call.call_id].transcript.voice_silences or ()) if s[1] - s[0] >= min_s]
        truth = designed_silences(call, min_s)
        designed += len(truth)
        found += sum(any(min(b, d) - max(a, c) >= 0.8 * (b - a) for c, d in measured) for a, b in truth)
        extra += sum(not any(min(b, d) - max(a, c) > 0 for a, b in truth) for c, d in measured)
    return {"designed": designed, "found": found, "extra": extra}
