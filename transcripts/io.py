"""Read and write transcript JSON (formats.md §2) with errors that name the file and field.

Error messages never echo field values: a malformed transcript may carry personal data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from common.errors import InputError
from transcripts.models import Transcript


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('segments', 3, 'speaker')`` → ``segments[3].speaker``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def describe_validation_error(exc: ValidationError) -> str:
    """All problems at once, values left out (they may be personal data)."""
    problems = [
        f"{field_path(tuple(err['loc']))}: {err['msg']}"
        for err in exc.errors(include_input=False, include_url=False)
    ]
    return "; ".join(problems)


def parse_transcript(data: Any, where: str) -> Transcript:
    if not isinstance(data, dict):
        raise InputError(where, "transcript JSON must be an object", "see formats.md §2",
                         reason_code="malformed_transcript")
    try:
        return Transcript.model_validate(data)
    except ValidationError as exc:
        raise InputError(where, f"invalid transcript: {describe_validation_error(exc)}",
                         "fix the fields named and re-deliver; formats.md §2",
                         reason_code="malformed_transcript") from None


def read_json(path: Path, *, reason_code: str) -> Any:
    """Load a JSON file; errors give the line and column, never the content."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror}", reason_code=reason_code) from None
    if not raw.strip():
        raise InputError(str(path), "file is empty", "re-deliver the file", reason_code=reason_code)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8",
                         reason_code=reason_code) from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
                         "fix the JSON syntax", reason_code=reason_code) from None


def load_transcript(path: Path) -> Transcript:
    return parse_transcript(read_json(path, reason_code="malformed_transcript"), str(path))


def dump_transcript(transcript: Transcript) -> str:
    """Pretty JSON with Chinese characters kept readable."""
    return json.dumps(transcript.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
