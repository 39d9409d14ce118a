"""Text clean-up applied to ASR output: Simplified Chinese and normalised punctuation.

Whisper base writes Traditional characters in roughly half of Mandarin outputs; OpenCC ``t2s``
converts deterministically (a prompt would risk echo/hallucination, see docs/decisions.md).
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_PUNCT = str.maketrans({",": "，", "?": "？", "!": "！", ";": "；", ":": "："})


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def normalise_asr_text(text: str) -> str:
    """Simplified characters, Chinese punctuation, no spaces between CJK tokens."""
    return to_simplified(text).strip().translate(_PUNCT).replace(" ", "")
