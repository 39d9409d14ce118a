"""silence: a gap of at least ``min_seconds`` in which nobody speaks, after the first sentence.

With ``after_speaker`` only gaps that follow that party's turn count; with ``exempt`` a gap is
excused when that turn (its consecutive sentences) contains a phrase, e.g. a hold notice 请稍等.

Two sources of gaps (decisions D170): the transcript's gaps between sentences, always; and, for recordings
whose transcript carries ``voice_silences`` (voiceless stretches by channel energy), those stretches too,
attributed to the turn the transcript places before them. An energy stretch that overlaps a transcript gap
already found is the same silence and is not reported twice. Chats and transcripts without
``voice_silences`` are scored from their sentences alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import Phrases, SpeakerSel
from transcripts.models import Segment

UNHEARD_S = 0.3
"""Voice before a voiceless stretch that no sentence covers for at least this long (seconds) is someone's
untranscribed speech: a sentence's end is trimmed to its channel's last voiced frame (D151), so when the
party of the last sentence is also the last voice, its end lies within a frame or two of the stretch."""


class SilenceArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_seconds: float = Field(gt=0)
    after_speaker: SpeakerSel = "any"
    exempt: Phrases | None = None


@dataclass(frozen=True)
class Gap:
    before: int
    """The sentence whose turn the gap follows."""
    after: int
    """The first sentence after the gap."""
    start: float
    end: float
    by_energy: bool = False


def _turn(ctx: CallContext, last: int) -> list[int]:
    """``last`` and the directly preceding sentences by the same speaker."""
    speaker, out = ctx.segments[last].speaker, [last]
    while out[0] > 0 and ctx.segments[out[0] - 1].speaker == speaker:
        out.insert(0, out[0] - 1)
    return out


def _transcript_gaps(segs: tuple[Segment, ...]) -> Iterator[Gap]:
    spoken_until = 0.0
    for i in range(1, len(segs)):
        spoken_until = max(spoken_until, segs[i - 1].end)
        yield Gap(i - 1, i, spoken_until, segs[i].start)


def _moved_across(seg: Segment, start: float, end: float, heard_until: float) -> bool:
    """The sentence's first word has no voiced frame (it lies inside the stretch) and voice that no sentence
    covers precedes the stretch: the recogniser placed words said before the silence after it (faster-whisper
    joins VAD chunks across the silence and maps a boundary word into the wrong chunk)."""
    first = seg.words[0] if seg.words else None
    return first is not None and start <= first.start and first.end <= end and start - heard_until >= UNHEARD_S


def _energy_gaps(ctx: CallContext) -> Iterator[Gap]:
    """Voiceless stretches between the first and the last transcribed speech, each after the turn of the
    last sentence that starts before it, or of the sentence after it whose first words were moved across."""
    segs = ctx.segments
    for start, end in ctx.transcript.voice_silences or ():
        prior = [k for k, s in enumerate(segs) if s.start < start]
        after = next((k for k, s in enumerate(segs) if s.end > end), None)
        if not prior or after is None:
            continue
        before = prior[-1]
        heard_until = max((segs[k].end for k in prior if k != after), default=0.0)
        if before != after and _moved_across(segs[after], start, end, heard_until):
            before = after
        yield Gap(before, after, start, end, by_energy=True)


def _counts(args: SilenceArgs, ctx: CallContext, gap: Gap) -> bool:
    if gap.end - gap.start < args.min_seconds:
        return False
    if args.after_speaker != "any" and ctx.segments[gap.before].speaker != args.after_speaker:
        return False
    return args.exempt is None or all(ctx.search(args.exempt, j) is None for j in _turn(ctx, gap.before))


def _finding(gap: Gap) -> Finding:
    source = "，按声音能量" if gap.by_energy else ""
    measure = f"静音 {gap.end - gap.start:.1f} 秒（{gap.start:.1f}–{gap.end:.1f} 秒{source}）"
    return Finding(tuple(sorted({gap.before, gap.after})), note=measure, measure=measure)


def evaluate(args: SilenceArgs, ctx: CallContext) -> list[Finding]:
    found = [g for g in _transcript_gaps(ctx.segments) if _counts(args, ctx, g)]
    for gap in _energy_gaps(ctx):
        if _counts(args, ctx, gap) and not any(gap.start < g.end and g.start < gap.end for g in found):
            found.append(gap)
    return [_finding(g) for g in sorted(found, key=lambda g: g.start)]
