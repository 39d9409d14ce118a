"""The operator registry: the one place that maps a rubric ``type`` name to its args model and function.

To add an operator: write one module with a pydantic args model and ``evaluate(args, ctx)``,
then add one line to ``OPERATORS``. ``needs_timing`` operators are skipped (indicator reported
as not applicable) for chat, e-mail and transcripts without segment times.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from scoring.context import CallContext, Finding
from scoring.operators import (
    absence,
    amount,
    anchor_absence,
    anchor_not_before,
    call_timing,
    counts,
    first_speech,
    interruption,
    keyword,
    loudness,
    metadata,
    pii,
    position,
    repetition,
    response_latency,
    sequence,
    silence,
    similar_sentence,
    speech_rate,
)


@dataclass(frozen=True)
class Operator:
    args: type[BaseModel]
    evaluate: Callable[[Any, CallContext], list[Finding]]
    needs_timing: bool = False


OPERATORS: dict[str, Operator] = {
    "keyword": Operator(keyword.KeywordArgs, keyword.evaluate),
    "absence": Operator(absence.AbsenceArgs, absence.evaluate),
    "anchor_absence": Operator(anchor_absence.AnchorAbsenceArgs, anchor_absence.evaluate),
    "anchor_not_before": Operator(anchor_not_before.AnchorNotBeforeArgs, anchor_not_before.evaluate),
    "repetition": Operator(repetition.RepetitionArgs, repetition.evaluate),
    "amount_threshold": Operator(amount.AmountArgs, amount.evaluate),
    "pii_on_role": Operator(pii.PiiArgs, pii.evaluate),
    "first_speech_latency": Operator(first_speech.FirstSpeechArgs, first_speech.evaluate, needs_timing=True),
    "silence": Operator(silence.SilenceArgs, silence.evaluate, needs_timing=True),
    "response_latency": Operator(response_latency.ResponseLatencyArgs, response_latency.evaluate, needs_timing=True),
    "interruption": Operator(interruption.InterruptionArgs, interruption.evaluate, needs_timing=True),
    "speech_rate": Operator(speech_rate.SpeechRateArgs, speech_rate.evaluate, needs_timing=True),
    "similar_sentence": Operator(similar_sentence.SimilarSentenceArgs, similar_sentence.evaluate),
    "role_at_position": Operator(position.RoleAtPositionArgs, position.evaluate),
    "duration": Operator(call_timing.DurationArgs, call_timing.duration, needs_timing=True),
    "last_speech_to_end": Operator(call_timing.LastSpeechArgs, call_timing.last_speech_to_end, needs_timing=True),
    "sentence_count": Operator(counts.SentenceCountArgs, counts.evaluate),
    "loudness_swing": Operator(loudness.LoudnessSwingArgs, loudness.evaluate, needs_timing=True),
    "metadata": Operator(metadata.MetadataArgs, metadata.evaluate),
    "sequence": Operator(sequence.SequenceArgs, sequence.evaluate),
}
