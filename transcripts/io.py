"""Read and write transcript JSON (formats.md §2) with errors that name the file and field.

Error messages never echo field values: a malformed transcript may carry personal data.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from common.errors import InputError
from transcripts.models import CallId, Transcript

_CALL_ID: TypeAdapter[str] = TypeAdapter(CallId)


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


def check_call_id(value: object, where: str, *, source: str, reason_code: str) -> str:
    """A call id fit for ``interactions.call_id`` (1–128 printable characters), else an ``InputError`` naming
    ``source`` (``call_id`` or ``file name``); the value itself is never echoed."""
    try:
        return _CALL_ID.validate_python(value)
    except ValidationError as exc:
        problems = "; ".join(e["msg"] for e in exc.errors(include_input=False, include_url=False))
        raise InputError(where, f"{source}: {problems}", "use at most 128 printable characters; formats.md §1",
                         reason_code=reason_code) from None


def fitting_call_id(value: str) -> str | None:
    """``value`` if it fits the call-id column, else ``None`` (for quarantine records of refused items)."""
    try:
        return _CALL_ID.validate_python(value)
    except ValidationError:
        return None


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


MAX_DEPTH = 32
"""Deepest nesting of objects/arrays a delivered JSON file may have (formats.md documents at most 4)."""


class _Refused(ValueError):
    """A JSON value the parser refuses: NaN/Infinity or a number too large for a float."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("a number overflows a float")
    return value


def _no_constant(name: str) -> float:
    raise _Refused(f"{name} is not a number JSON allows")


def json_depth(data: Any) -> int:
    """Nesting depth of parsed JSON, measured without recursion (a hostile file cannot overflow it)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _parse(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"), parse_float=_finite, parse_constant=_no_constant)


def read_json(path: Path, *, reason_code: str) -> Any:
    """Load a JSON file; every refusal of the parser is an ``InputError`` naming the file (and line/column
    where the parser knows it), never the content: bad UTF-8, bad syntax, nesting deeper than ``MAX_DEPTH``
    (or than Python's recursion limit), integers over 4,300 digits, NaN/Infinity and floats that overflow."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot read file: {exc.strerror}", reason_code=reason_code) from None
    if not raw.strip():
        raise InputError(where, "file is empty", "re-deliver the file", reason_code=reason_code)
    try:
        data = _parse(raw)
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8",
                         reason_code=reason_code) from None
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
                         "fix the JSON syntax", reason_code=reason_code) from None
    except RecursionError:
        raise InputError(where, f"JSON nested deeper than {MAX_DEPTH} levels",
                         "deliver a flat document; formats.md §1/§2", reason_code=reason_code) from None
    except ValueError as exc:  # int over sys.get_int_max_str_digits(), or _Refused
        what = str(exc) if isinstance(exc, _Refused) else "an integer has more than 4300 digits"
        raise InputError(where, f"number the parser refuses: {what}", "deliver ordinary numbers",
                         reason_code=reason_code) from None
    if json_depth(data) > MAX_DEPTH:
        raise InputError(where, f"JSON nested deeper than {MAX_DEPTH} levels",
                         "deliver a flat document; formats.md §1/§2", reason_code=reason_code)
    return data


def load_transcript(path: Path) -> Transcript:
    return parse_transcript(read_json(path, reason_code="malformed_transcript"), str(path))


def dump_transcript(transcript: Transcript) -> str:
    """Pretty JSON with Chinese characters kept readable."""
    return json.dumps(transcript.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
