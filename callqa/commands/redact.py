"""Redact personal data in JSON lines: callqa redact --in FILE.jsonl --out FILE.jsonl (formats.md §3)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

NAME = "redact"
PROGRESS_EVERY = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--in", dest="input", required=True, type=Path, help='JSON lines {"id": ..., "text": ...}')
    parser.add_argument("--out", required=True, type=Path,
                        help='JSON lines {"id", "text" (redacted), "spans": [{"start", "end", "type"}]}')


def _record(line: str) -> tuple[Any, str]:
    """Parse one input line; errors describe the problem without quoting the (personal) content."""
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
    return obj["id"], obj["text"]


def run(args: argparse.Namespace) -> int:
    from callqa.errors import InputError
    from transcripts.redaction import redact_text

    if not args.input.is_file():
        raise InputError(str(args.input), "no such file", "give a JSON-lines file with --in")
    bad = done = 0
    with args.input.open(encoding="utf-8") as src, args.out.open("w", encoding="utf-8") as dst:
        for number, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                rid, text = _record(line)
            except ValueError as err:
                bad += 1
                print(f"{args.input}:{number}: {err}; line skipped", file=sys.stderr)
                continue
            result = redact_text(text)
            dst.write(json.dumps({"id": rid, "text": result.text,
                                  "spans": [{"start": s.start, "end": s.end, "type": s.type} for s in result.spans]},
                                 ensure_ascii=False) + "\n")
            done += 1
            if done % PROGRESS_EVERY == 0:
                print(f"{done} lines redacted …", file=sys.stderr, flush=True)
    print(f"{args.input}: {done} lines redacted, {bad} skipped → {args.out}", file=sys.stderr)
    return 1 if bad else 0
