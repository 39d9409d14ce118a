"""Hot words per queue: product names and company terms handed to the decoder (``rubrics/hotwords.yaml``).

faster-whisper puts them in the prompt of every 30-s window (``hotwords``); openai-whisper gets the same
text as ``initial_prompt`` carried to every window. Off unless ``enabled: true`` (measured in
``bench/asr/bench_hotwords.py``; see docs/decisions.md D24). The words used are part of the transcription
cache key and are recorded in ``asr.hotwords`` of every transcript.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from common.errors import ConfigError
from common.yamlpos import DuplicateKeyError, line_of, load_with_lines

MAX_CHARS = 120
"""faster-whisper keeps at most half the 448-token context for hot words; ~120 Chinese characters fit."""


def _word(word: str) -> str:
    if not word.strip():
        raise ValueError("empty hot word")
    return word.strip()


def _fits(words: tuple[str, ...]) -> tuple[str, ...]:
    if _chars(words) > MAX_CHARS:
        raise ValueError(f"more than {MAX_CHARS} characters of hot words: the decoder would cut them")
    return words


def _chars(words: tuple[str, ...]) -> int:
    return sum(len(w) + 1 for w in words)


Words = Annotated[tuple[Annotated[str, AfterValidator(_word)], ...], AfterValidator(_fits)]


class HotwordBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    default: Words = ()
    queues: dict[str, Words] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _each_queue_fits(self) -> HotwordBook:
        for queue, words in self.queues.items():
            if _chars((*self.default, *words)) > MAX_CHARS:
                raise ValueError(f"queue {queue}: default + queue words exceed {MAX_CHARS} characters")
        return self

    def fingerprint(self) -> str:
        """Part of the transcription cache key: changes whenever words that reach the decoder may change."""
        if not self.enabled:
            return "off"
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]

    def for_queue(self, queue: str | None) -> tuple[str, ...]:
        """The queue's words after the default ones, duplicates dropped; ``()`` when disabled."""
        if not self.enabled:
            return ()
        return tuple(dict.fromkeys((*self.default, *self.queues.get(queue or "", ()))))


def prompt_text(words: tuple[str, ...]) -> str | None:
    """How the words go to the decoder: separated by 、 (reads as a list, not as a sentence to continue)."""
    return "、".join(words) or None


BUNDLED_HOTWORDS = Path(__file__).resolve().parent.parent / "rubrics" / "hotwords.yaml"


def load_hotwords(path: Path | None = None) -> HotwordBook:
    """Raises ``ConfigError`` naming the file, line and field. ``None`` reads the bundled file; an explicit
    path must exist, a missing bundled file means no hot words."""
    if path is not None and not path.exists():
        raise ConfigError(str(path), "hot-word file not found", "fix CALLQA_HOTWORDS or create the file")
    path = path or BUNDLED_HOTWORDS
    if not path.exists():
        return HotwordBook()
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, DuplicateKeyError) as exc:
        raise ConfigError(str(path), f"not valid YAML ({type(exc).__name__})", "fix the syntax") from None
    try:
        return HotwordBook.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        where = f"{path}:{line_of(lines, loc)}"
        raise ConfigError(where, f"{'.'.join(map(str, loc)) or 'file'}: {first['msg']}",
                          "see the comments at the top of rubrics/hotwords.yaml") from None
