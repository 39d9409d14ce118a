"""Check a rubric: callqa rubric lint|test|check [FILE] (lint validates; test and check also run the examples)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "rubric"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    for action, text in (("lint", "validate the rubric only (all errors with file:line)"),
                         ("test", "validate and run every indicator's examples (exit 1 on any failure)"),
                         ("check", "same as test"),
                         ("schema", "regenerate rubrics/rubric.schema.json and examples.schema.json")):
        cmd = sub.add_parser(action, help=text)
        cmd.add_argument("file", nargs="?", type=Path, default=None,
                         help="rubric YAML (default: $CALLQA_RUBRIC or rubrics/default.yaml)")
    from callqa.commands import rubric_publish

    rubric_publish.add_subcommands(sub)


def run(args: argparse.Namespace) -> int:
    from callqa.commands import rubric_publish
    from scoring import RubricError, default_rubric_path, load_rubric

    if args.action in rubric_publish.ACTIONS:
        return rubric_publish.run(args)
    from scoring.examples import run_examples

    if args.action == "schema":
        from scoring.schema import write

        for written in write():
            print(f"wrote {written}")
        return 0
    path = args.file or default_rubric_path()
    try:
        rubric = load_rubric(path)
    except RubricError as err:
        print(err.message, file=sys.stderr)
        return 1
    if args.action == "lint":
        print(f"{path}: {len(rubric.indicators)} indicators valid; rubric hash {rubric.hash[:12]}")
        return 0
    results = run_examples(rubric)
    print(f"{'id':<5} {'severity':<8} {'fires':>6} {'not_fires':>9} {'misses':>6}  status  title")
    failures = 0
    for ind in rubric.indicators:
        mine = [r for r in results if r.indicator == ind.id]
        fires = [r for r in mine if r.kind == "fires"]
        quiet = [r for r in mine if r.kind == "not_fires"]
        misses = [r for r in mine if r.kind == "known_misses"]
        bad = [f"{r.kind}[{r.number}]" for r in mine if not r.ok]
        empty = not fires or not quiet
        failures += bool(bad) + empty
        status = "FAIL " + ",".join(bad) if bad else ("NO-EXAMPLES" if empty else "ok")
        print(f"{ind.id:<5} {ind.spec.severity:<8} {sum(r.ok for r in fires):>3}/{len(fires):<2} "
              f"{sum(r.ok for r in quiet):>6}/{len(quiet):<2} {len(misses):>6}  {status}  {ind.spec.title}")
    print(f"{path}: {len(rubric.indicators)} indicators, {len(results)} examples, "
          f"{failures} indicator(s) failing; rubric hash {rubric.hash[:12]}")
    return 1 if failures else 0
