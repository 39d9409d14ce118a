"""amount_threshold: the party names an amount above ``greater_than`` in a sentence with a trigger phrase.

Amounts count when followed by a unit (元/块) or right after the trigger (补偿三百); digits and
Chinese numerals both work. E.g. 给您补偿三百元 fires at 200, 补偿两百元 does not.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from scoring.context import CallContext, Finding
from scoring.match import Phrases, SpeakerSel, is_sound
from scoring.text import NUM, normalise, parse_number


class AmountArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: SpeakerSel = "agent"
    trigger: Phrases
    greater_than: float = Field(ge=0)
    units: tuple[str, ...] = ("元", "块", "圆")

    _amount: re.Pattern[str] = PrivateAttr()

    def model_post_init(self, __context: object) -> None:
        units = "|".join(re.escape(normalise(u)) for u in self.units)
        self._amount = re.compile(rf"({NUM})(?:{units})")


def amounts(args: AmountArgs, text: str, trigger: str) -> list[float]:
    """Amounts with a unit, plus a number right after the matched trigger phrase."""
    tokens = [m.group(1) for m in args._amount.finditer(text)]
    if not trigger.startswith("≈"):
        trigger = trigger.removeprefix("♪")
        tokens += [m.group(1) for m in re.finditer(rf"{re.escape(trigger)}.{{0,2}}?({NUM})", text)]
    return [v for v in map(parse_number, tokens) if v is not None]


def evaluate(args: AmountArgs, ctx: CallContext) -> list[Finding]:
    found = []
    for i in ctx.candidates(args.trigger.compiled, args.speaker):
        text = ctx.texts[i]
        if (trigger := args.trigger.search(text)) is None:
            continue
        over = [v for v in amounts(args, text, trigger) if v > args.greater_than]
        if over:
            heard = "（按读音匹配）" if is_sound(trigger) else ""
            found.append(Finding((i,), note=f"承诺金额 {max(over):g} 元，超过 {args.greater_than:g} 元权限{heard}",
                                 by_sound=is_sound(trigger)))
    return found
