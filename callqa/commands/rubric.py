"""Check a rubric: callqa rubric lint|test|check [FILE] (lint validates; test and check also run the examples)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring import Rubric

NAME = "rubric"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    for action, text in (("lint", "validate the rubric only (all errors with file:line)"),
                         ("test", "validate and run every indicator's examples (exit 1 on any failure)"),
                         ("check", "same as test"),
                         ("schema", "regenerate rubrics/rubric.schema.json and examples.schema.json")):
        cmd = sub.add_parser(action, help=text)
        cmd.add_argument("file", nargs="?", type=Path, default=None,
                         help="routing file or rubric YAML (default: $CALLQA_RUBRIC or rubrics/routing.yaml)")
    from callqa.commands import rubric_publish

    rubric_publish.add_subcommands(sub)


def run(args: argparse.Namespace) -> int:
    from callqa.commands import rubric_publish
    from callqa.config import rubric_path
    from scoring import RubricError, load_rubrics

    if args.action in rubric_publish.ACTIONS:
        return rubric_publish.run(args)

    if args.action == "schema":
        from scoring.schema import write

        for written in write():
            print(f"wrote {written}")
        return 0
    path = rubric_path(args.file)
    try:
        rubrics = load_rubrics(path)  # a routing file (queue → rubric) or one rubric
    except RubricError as err:
        print(err.message, file=sys.stderr)
        return 1
    failures = 0
    for rubric in _distinct(rubrics.all()):
        if args.action == "lint":
            print(f"{rubric.path}: {len(rubric.indicators)} indicators valid; rubric hash {rubric.hash[:12]}")
        else:
            failures += _test(rubric)
    return 1 if failures else 0


def _distinct(rubrics: list[Rubric]) -> list[Rubric]:
    """Each rubric file once (a routing file may send several queues to one rubric)."""
    return list({r.path: r for r in rubrics}.values())


def _test(rubric: Rubric) -> int:
    """Run every indicator's examples; print a table; return the number of failing indicators."""
    from scoring.examples import run_examples

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
    print(f"{rubric.path}: {len(rubric.indicators)} indicators, {len(results)} examples, "
          f"{failures} indicator(s) failing; rubric hash {rubric.hash[:12]}")
    return failures
