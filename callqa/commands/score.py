"""Score transcript JSON against a rubric: callqa score PATH... [--rubric FILE] --format json|text."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NAME = "score"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="transcript JSON files, or folders searched for *.json")
    parser.add_argument("--rubric", type=Path, default=None,
                        help="rubric or routing YAML (default: $CALLQA_RUBRIC or rubrics/routing.yaml: queue → rubric)")
    parser.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")


def transcript_files(paths: list[Path]) -> Iterator[Path]:
    """Files as given; folders expanded to their *.json files in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.json") if p.is_file())
        else:
            yield path


def run(args: argparse.Namespace) -> int:
    from callqa.config import rubric_path
    from common.errors import InputError
    from scoring import load_rubrics, score_transcript
    from transcripts.io import load_transcript

    rubrics = load_rubrics(rubric_path(args.rubric))
    files = list(transcript_files(args.paths))
    results: list[dict[str, Any]] = []
    failed = 0
    for n, path in enumerate(files, 1):
        try:
            transcript = load_transcript(path)
        except InputError as err:
            failed += 1
            print(f"[{n}/{len(files)}] skipped: {err.message}", file=sys.stderr)
            continue
        result = score_transcript(transcript, rubrics.for_queue(transcript.queue))
        results.append({"file": str(path), **result.model_dump(mode="json")})
        print(f"[{n}/{len(files)}] {transcript.call_id}: {result.score:g}", file=sys.stderr, flush=True)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(render_text(r) for r in results))
    return 1 if failed else 0


def render_text(r: dict[str, Any]) -> str:
    """A reviewer-readable block per call (Chinese labels)."""
    state = "一票否决" if r["fatal"] else ("需复核" if r["flagged"] else ("抽检" if r["calibration"] else "通过"))
    lines = [f"{r['call_id']}  得分 {r['score']:g}  {state}  {'；'.join(r['flag_reasons'])}".rstrip()]
    lines.append("  " + "  ".join(f"{d['name']} {d['score']:g}/{d['max']:g}" for d in r["dimensions"]))
    for h in r["hits"]:
        lost = f" −{h['deduction']:g}" if h["deduction"] else ""
        lines.append(f"  [{h['severity']}] {h['indicator']} {h['title']}{lost}  句 {h['segments']}")
        lines += [f"      {line}" for line in h["evidence"].splitlines()]
    if r["not_applicable"]:
        lines.append(f"  不适用: {', '.join(r['not_applicable'])}")
    return "\n".join(lines)
