"""Auto-assign open review items: callqa assign --team a,b | --queue QUEUE=a,b ... [--mode round-robin|by-queue]."""

from __future__ import annotations

import argparse
import sys

NAME = "assign"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=("round-robin", "by-queue"), default="round-robin")
    parser.add_argument("--team", default="", help="reviewers, comma-separated (round-robin; by-queue fallback)")
    parser.add_argument("--queue", action="append", default=[], metavar="QUEUE=a,b",
                        help="by-queue: the reviewers of one queue (repeat per queue)")
    parser.add_argument("--db", help="database URL")


def _queues(values: list[str]) -> dict[str, tuple[str, ...]]:
    out = {}
    for value in values:
        queue, sep, names = value.partition("=")
        if not sep or not queue or not names:
            raise ValueError(f"--queue {value!r}: write QUEUE=reviewer1,reviewer2")
        out[queue] = tuple(n for n in names.split(",") if n)
    return out


def run(args: argparse.Namespace) -> int:
    from storage.assignment import AssignmentError, AssignmentPlan, auto_assign
    from storage.db import migrate, resolve_url, session_scope

    try:
        plan = AssignmentPlan(mode=args.mode, team=tuple(n for n in args.team.split(",") if n),
                              queues=_queues(args.queue))
    except ValueError as err:
        print(f"callqa: error: {err}", file=sys.stderr)
        return 2
    url = resolve_url(args.db)
    migrate(url)
    try:
        with session_scope(url) as session:
            given = auto_assign(session, plan)
    except AssignmentError as err:
        print(f"callqa: error: {err}", file=sys.stderr)
        return 2
    print(f"assigned {sum(given.values())} item(s)" + "".join(f"; {n}: {c}" for n, c in sorted(given.items())))
    return 0
