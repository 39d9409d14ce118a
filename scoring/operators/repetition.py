"""repetition: one party says near-the-same sentence ``min_count`` times within ``window`` sentences.

Similarity is rapidfuzz ``ratio`` on normalised text (0–1). Sentences shorter than ``min_chars``
(嗯, 喂, 好的) are ignored; ``match`` optionally restricts to sentences that contain a phrase
(e.g. questions, or soothing phrases).
"""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from scoring.context import CallContext, Finding
from scoring.match import Phrases, SpeakerSel
from scoring.text import normalise


class RepetitionArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel
    similarity: float = Field(default=0.6, gt=0, le=1)
    min_count: int = Field(default=3, ge=2)
    window: int = Field(default=10, ge=2, description="sentences of any party, counted from the first")
    min_chars: int = Field(default=4, ge=1)
    match: Phrases | None = None
    ignore: tuple[str, ...] = Field(default=(), description="filler removed before comparing (的, 了, 吗, 到底…)")

    @cached_property
    def filler(self) -> re.Pattern[str] | None:
        return re.compile("|".join(sorted(map(re.escape, map(normalise, self.ignore)), key=len, reverse=True))) \
            if self.ignore else None


def evaluate(args: RepetitionArgs, ctx: CallContext) -> list[Finding]:
    among = ctx.of(args.speaker)
    if args.match is not None:  # only sentences where the phrases may occur (a call-wide pre-check)
        among = ctx.candidates(args.match.compiled, args.speaker, among)
    idx = [i for i in among if len(ctx.texts[i]) >= args.min_chars
           and (args.match is None or ctx.search(args.match, i) is not None)]
    cutoff = args.similarity * 100
    core = {i: args.filler.sub("", ctx.texts[i]) if args.filler else ctx.texts[i] for i in idx}
    for pos, i in enumerate(idx):
        group = [i] + [j for j in idx[pos + 1:] if j - i < args.window
                       and fuzz.ratio(core[i], core[j], score_cutoff=cutoff)]
        if len(group) >= args.min_count:
            return [Finding(tuple(group), note=f"{args.window} 句内相似表述 {len(group)} 次")]
    return []
