"""The ``sound`` setting of a phrase block and how it is inherited (issue 19, D140)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationInfo, model_validator

from scoring.sound import DEFAULT_SOUND, Sound


class SoundSetting(BaseModel):
    """``sound: exact | pinyin | fuzzy`` of a phrase block. Left out, it is inherited (D140): the indicator's
    ``sound``, else the rubric's, else ``DEFAULT_SOUND`` — handed down as the validation context
    ``{"sound": ..., "vocabulary": ...}`` by ``scoring.rubric`` (``vocabulary``: the rubric's positive
    phrases, the context of short sound matches)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sound: Sound = DEFAULT_SOUND
    _vocabulary: frozenset[str] = PrivateAttr(default=frozenset())

    @model_validator(mode="before")
    @classmethod
    def _inherit_sound(cls, data: Any, info: ValidationInfo) -> Any:
        inherited = (info.context or {}).get("sound")
        if isinstance(data, dict) and "sound" not in data and inherited is not None:
            return {**data, "sound": inherited}
        return data

    def model_post_init(self, context: Any, /) -> None:
        if isinstance(context, dict) and "vocabulary" in context:
            self._vocabulary = frozenset(context["vocabulary"])
