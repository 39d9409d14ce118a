"""loudness_swing: the party's sentences that are much louder than that party's typical level (shouting).

Uses the per-segment loudness (dBFS) computed at transcription; sentences without loudness are ignored,
so the operator needs audio (timing) and is not applicable to chat and e-mail.
"""

from __future__ import annotations

from statistics import median

from pydantic import BaseModel, ConfigDict, Field

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel


class LoudnessSwingArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "customer"
    min_db: float = Field(default=8.0, gt=0, description="dB above the party's median sentence loudness")
    min_count: int = Field(default=1, ge=1)


def evaluate(args: LoudnessSwingArgs, ctx: CallContext) -> list[Finding]:
    levels = [(i, ctx.segments[i].loudness_db) for i in ctx.of(args.speaker)]
    known = [(i, db) for i, db in levels if db is not None]
    if len(known) < 3:
        return []  # too few sentences for a typical level
    typical = median(db for _, db in known)
    found = [Finding((i,), note=f"音量高出常态 {db - typical:.1f} dB", measure=f"音量 {db:.1f} dBFS")
             for i, db in known if db - typical >= args.min_db]
    return found if len(found) >= args.min_count else []
