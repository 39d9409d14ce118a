"""similar_sentence: a sentence of the party resembles one of the example sentences (rapidfuzz ratio)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from rapidfuzz import fuzz

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel
from scoring.text import normalise


class SimilarSentenceArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "any"
    examples: tuple[str, ...] = Field(min_length=1, description="sentences that express the behaviour")
    similarity: float = Field(default=0.75, gt=0, le=1, description="rapidfuzz ratio / 100")
    min_count: int = Field(default=1, ge=1)

    _norm: tuple[str, ...] = PrivateAttr(default=())

    def model_post_init(self, __context: object) -> None:
        self._norm = tuple(normalise(e) for e in self.examples)


def evaluate(args: SimilarSentenceArgs, ctx: CallContext) -> list[Finding]:
    found = []
    cutoff = args.similarity * 100
    for i in ctx.of(args.speaker):
        best = max(((fuzz.ratio(ctx.texts[i], ex), k) for k, ex in enumerate(args._norm)), default=(0.0, 0))
        if best[0] >= cutoff:
            found.append(Finding((i,), note=f"与“{args.examples[best[1]]}”相似度 {best[0] / 100:.2f}"))
    return found if len(found) >= args.min_count else []
