"""similar_sentence: a sentence of the party resembles one of the example sentences (rapidfuzz ratio).

With ``sound: pinyin | fuzzy`` (inherited like every phrase block, D140) a sentence that is not similar
enough by its characters is compared once more by sound (both sides encoded), so 我要推款到银行卡 still
resembles 我要退款到银行卡; such a finding is marked 按读音匹配.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, PrivateAttr
from rapidfuzz import fuzz, process

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel
from scoring.sound import encode
from scoring.sound_setting import SoundSetting
from scoring.text import normalise


class SimilarSentenceArgs(SoundSetting):
    speaker: SpeakerSel = "any"
    examples: tuple[str, ...] = Field(min_length=1, description="sentences that express the behaviour")
    similarity: float = Field(default=0.75, gt=0, le=1, description="rapidfuzz ratio / 100")
    min_count: int = Field(default=1, ge=1)

    _norm: tuple[str, ...] = PrivateAttr(default=())
    _coded: tuple[str, ...] = PrivateAttr(default=())

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._norm = tuple(normalise(e) for e in self.examples)
        self._coded = tuple(encode(e, self.sound) for e in self._norm) if self.sound != "exact" else ()


def _best(args: SimilarSentenceArgs, text: str, cutoff: float) -> tuple[float, int, bool] | None:
    """(ratio, example index, by sound) of the most similar example at or above ``cutoff``."""
    best = process.extractOne(text, args._norm, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is not None:
        return best[1], best[2], False
    if args._coded:
        heard = process.extractOne(encode(text, args.sound), args._coded, scorer=fuzz.ratio, score_cutoff=cutoff)
        if heard is not None:
            return heard[1], heard[2], True
    return None


def evaluate(args: SimilarSentenceArgs, ctx: CallContext) -> list[Finding]:
    found = []
    cutoff = args.similarity * 100
    for i in ctx.of(args.speaker):
        if (best := _best(args, ctx.texts[i], cutoff)) is None:
            continue
        ratio, k, by_sound = best
        note = f"与“{args.examples[k]}”相似度 {ratio / 100:.2f}" + ("（按读音匹配）" if by_sound else "")
        found.append(Finding((i,), note=note, by_sound=by_sound))
    return found if len(found) >= args.min_count else []
