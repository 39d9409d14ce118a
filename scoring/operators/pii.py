"""pii_on_role: the party says a complete personal number aloud (ID card, bank card, phone).

Evidence comes from the redaction detections on the party's sentences, from redaction
placeholders (〔身份证号〕) left in the text, or — for unredacted input — from the number itself.
Read-backs of the last four digits (尾号1234) are not complete numbers and do not fire.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from scoring.context import CallContext, Finding
from scoring.match import SpeakerSel
from transcripts.redaction.kinds import KINDS

LABELS = {pii_type: kind.label for pii_type, kind in KINDS.items()}
"""Placeholder labels (〔身份证号〕), from the one table of personal-data kinds."""


class PiiArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "agent"
    types: tuple[str, ...] = ("ID_CARD", "BANK_CARD", "PHONE")

    RAW: ClassVar[dict[str, re.Pattern[str]]] = {
        "ID_CARD": re.compile(r"(?<!\d)\d{17}[\dx](?!\d)"),
        "BANK_CARD": re.compile(r"(?<!\d)(?:62|4|5)\d{14,17}(?!\d)"),
        "PHONE": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    }


def evaluate(args: PiiArgs, ctx: CallContext) -> list[Finding]:
    wanted = set(args.types)
    said = set(ctx.of(args.speaker))
    kinds: dict[int, set[str]] = {}
    for d in ctx.detections:
        if d.type in wanted and d.segment in said:
            kinds.setdefault(d.segment, set()).add(d.type)
    for i in said:
        for t in wanted:
            label = LABELS.get(t, t)
            rx = PiiArgs.RAW.get(t)
            if f"〔{label}〕" in ctx.texts[i] or (rx is not None and rx.search(ctx.texts[i])):
                kinds.setdefault(i, set()).add(t)
    return [Finding((i,), note="说出完整" + "、".join(LABELS.get(t, t) for t in sorted(kinds[i])))
            for i in sorted(kinds)]
