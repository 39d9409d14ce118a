"""Re-score stored calls with the published rubric: callqa rescore --since DATE [--until DATE] [--queue Q]."""

from __future__ import annotations

import argparse
from datetime import date

NAME = "rescore"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", required=True, type=date.fromisoformat, help="first call day (YYYY-MM-DD, local)")
    parser.add_argument("--until", type=date.fromisoformat, help="last call day, inclusive (default: today)")
    parser.add_argument("--queue", help="only calls of this queue")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    parser.add_argument("--db", help="database URL")


def run(args: argparse.Namespace) -> int:
    from callqa.pipeline.rescore import rescore
    from storage.db import migrate, resolve_url

    url = resolve_url(args.db)
    migrate(url)
    report = rescore(url, since=args.since, until=args.until, queue=args.queue, dry_run=args.dry_run)
    verb = "would re-score" if args.dry_run else "re-scored"
    print(f"{report.considered} calls in range: {verb} {report.rescored}, {report.unchanged} already current, "
          f"{report.kept_reviewed} kept (reviewed or appealed)")
    print(f"newly flagged: {len(report.newly_flagged)} {' '.join(report.newly_flagged[:20])}")
    print(f"no longer flagged: {len(report.unflagged)} {' '.join(report.unflagged[:20])}")
    print(f"{'indicator':<10} {'newly hit':>9} {'no longer':>9}")
    for ind in sorted(set(report.gained) | set(report.lost)):
        print(f"{ind:<10} {report.gained[ind]:>9} {report.lost[ind]:>9}")
    return 0
