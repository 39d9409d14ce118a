"""Every audio-only error (a miss or false hit the script-text run does not make), with its likely cause.

Causes, checked in this order:
- ``role``: the sentence behind a false hit lies in a turn the other party spoke;
- ``segmentation``: the indicator reads sentence windows, positions or sentence times, and around the
  evidence the recogniser merged two designed turns of one speaker into one sentence or split one turn;
- ``timing``: a timing indicator (latency, silence, overlap, speech rate) decided differently;
- ``mishearing``: otherwise — the words differ (the listing shows script and recognised text side by side).
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.e2e.collect import RunCall
from bench.e2e.dataset import Call, Turn
from transcripts.models import Segment

TIMING = frozenset({"R01", "R02", "R03", "R04", "R17", "R20"})
SENTENCE_WINDOWS = frozenset({"R06", "R07", "R09", "R13", "R18", "R19", "R21", "R22", "R24"})


@dataclass(frozen=True)
class AudioError:
    call_id: str
    indicator: str
    kind: str
    """``miss`` or ``false hit``."""
    cause: str
    script: str
    """The designed turns around the evidence."""
    heard: str
    """What the recogniser wrote there."""


def _overlap(seg: Segment, turn: Turn) -> float:
    return max(0.0, min(seg.end, turn.end) - max(seg.start, turn.start))


def _turns_of(seg: Segment, call: Call) -> list[Turn]:
    return [t for t in call.turns if t.channel == seg.channel and _overlap(seg, t) > 0.1]


def _segs_of(turn: Turn, run: RunCall) -> list[Segment]:
    return [s for s in run.transcript.segments if s.channel == turn.channel and _overlap(s, turn) > 0.1]


def _segmentation_broken(turns: list[Turn], audio: RunCall, call: Call) -> bool:
    for turn in turns:
        segs = _segs_of(turn, audio)
        if len(segs) > 1 or any(len(_turns_of(s, call)) > 1 for s in segs):
            return True
    return False


def classify(call: Call, indicator: str, kind: str, text: RunCall, audio: RunCall) -> AudioError:
    segs: list[Segment] = []
    if kind == "miss":  # evidence: the script run's hit sentences (= designed turns, in time order)
        turns = [_turn_at(call, text.transcript.segments[i]) for i in text.hits[indicator].segments]
    else:
        segs = [audio.transcript.segments[i] for i in audio.hits[indicator].segments]
        turns = [t for s in segs for t in _turns_of(s, call)]
    if not turns:  # a whole-call rule (absence): the script sentences without which the script run fires too
        turns = [_turn_at(call, text.transcript.segments[i]) for i in _decisive(text, indicator)]
    turns = list(dict.fromkeys(t for t in turns if t is not None))
    heard_segs = list(dict.fromkeys(s for t in turns for s in _segs_of(t, audio)))
    if kind == "false hit" and any(s.speaker != t.speaker for s in segs for t in _turns_of(s, call)):
        cause = "role"
    elif indicator in SENTENCE_WINDOWS | TIMING and _segmentation_broken(turns, audio, call):
        cause = "segmentation"
    elif indicator in TIMING:
        cause = "timing"
    else:
        cause = "mishearing"
    script = " / ".join(f"{t.speaker[0].upper()}:{t.text}" for t in turns)
    heard = " / ".join(f"{s.speaker[0].upper()}:{s.text}" for s in heard_segs)
    return AudioError(call.call_id, indicator, kind, cause, script or "（全程）", heard or "（全程）")


def _decisive(text: RunCall, indicator: str) -> list[int]:
    """Sentences of the script run whose removal makes ``indicator`` fire there too."""
    from scoring import BUNDLED_RUBRIC, load_rubric, score_transcript

    rubric = load_rubric(BUNDLED_RUBRIC)
    segs = text.transcript.segments
    out = []
    for i in range(len(segs)):
        without = text.transcript.model_copy(update={"segments": segs[:i] + segs[i + 1:]})
        if indicator in {h.indicator for h in score_transcript(without, rubric).hits}:
            out.append(i)
    return out


def _turn_at(call: Call, seg: Segment) -> Turn | None:
    return next((t for t in call.turns if t.channel == seg.channel and abs(t.start - seg.start) < 0.05), None)


def audio_only_errors(calls: list[Call], text: dict[str, RunCall], audio: dict[str, RunCall]) -> list[AudioError]:
    out = []
    for call in calls:
        t, a = text.get(call.call_id), audio.get(call.call_id)
        if t is None or a is None:
            continue
        for ind in sorted(call.expect & set(t.hits) - set(a.hits)):
            out.append(classify(call, ind, "miss", t, a))
        for ind in sorted(set(a.hits) - call.expect - set(t.hits)):
            out.append(classify(call, ind, "false hit", t, a))
    return out
