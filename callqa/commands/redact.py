"""Redact personal data in JSON lines: callqa redact --in FILE.jsonl --out FILE.jsonl (formats.md §3)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transcripts.redaction.engine import Redactor

NAME = "redact"
PROGRESS_EVERY = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--in", dest="input", required=True, type=Path, help='JSON lines {"id": ..., "text": ...}')
    parser.add_argument("--out", required=True, type=Path,
                        help='JSON lines {"id", "text" (redacted), "spans": [{"start", "end", "type"}]}')


def _record(raw: bytes) -> tuple[Any, str]:
    """Parse one input line; errors describe the problem without quoting the (personal) content."""
    try:
        line = raw.decode("utf-8").lstrip("\ufeff")  # a byte-order mark written by some editors
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start + 1})") from None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (column {exc.colno}: {exc.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    if "id" not in obj:
        raise ValueError('missing field "id"')
    if not isinstance(obj.get("text"), str):
        raise ValueError('field "text" is missing or not a string')
    for field, value in (("id", json.dumps(obj["id"], ensure_ascii=False)), ("text", obj["text"])):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone \ud800 escape: valid JSON, but no character
            raise ValueError(f'field "{field}" has an unpaired surrogate (character {exc.start + 1})') from None
    return obj["id"], obj["text"]


def run(args: argparse.Namespace) -> int:
    from common.errors import InputError

    if not args.input.is_file():
        raise InputError(str(args.input), "no such file", "give a JSON-lines file with --in")
    if args.out.exists() and args.out.resolve() == args.input.resolve():
        raise InputError(str(args.out), "--out is the input file", "write the redacted lines to another file")
    if not args.out.parent.is_dir():
        raise InputError(str(args.out), "the output folder does not exist", "create it or choose another --out")
    bad = done = 0
    with args.input.open("rb") as src, args.out.open("w", encoding="utf-8") as dst:
        for number, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                rid, text = _record(line)
            except ValueError as err:
                bad += 1
                print(f"{args.input}:{number}: {err}; line skipped", file=sys.stderr)
                continue
            dst.write(json.dumps(_output(rid, text), ensure_ascii=False) + "\n")
            done += 1
            if done % PROGRESS_EVERY == 0:
                print(f"{done} lines redacted …", file=sys.stderr, flush=True)
    print(f"{args.input}: {done} lines redacted, {bad} skipped → {args.out}", file=sys.stderr)
    return 1 if bad else 0


def redactor() -> Redactor:
    """The pipeline's redactor: ``build_redactor`` at the configured name search depth, exactly what
    ``Settings.redactor()`` and the nightly flow's transcribe task build (one object per process and depth)."""
    from callqa.config import name_search
    from transcripts.redaction.engine import build_redactor

    return build_redactor(name_search())


def _output(rid: Any, text: str) -> dict[str, Any]:
    result = redactor().redact_text(text)
    return {"id": rid, "text": result.text,
            "spans": [{"start": s.start, "end": s.end, "type": s.type} for s in result.spans]}
