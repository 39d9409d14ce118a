"""Sampling plans: callqa sample check FILE | sample run --since DATE [--until DATE] [--plans FILE] (D131)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

NAME = "sample"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="validate a sampling plans YAML file")
    check.add_argument("file")
    run = sub.add_parser("run", help="fill the plans' free slots for the periods of these days (safe to re-run)")
    run.add_argument("--since", required=True, type=date.fromisoformat, help="first call day (YYYY-MM-DD, Beijing)")
    run.add_argument("--until", type=date.fromisoformat, help="last call day, inclusive (default: --since)")
    run.add_argument("--plans", help="sampling plans YAML (default CALLQA_SAMPLING)")
    run.add_argument("--db", help="database URL")


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime
    from pathlib import Path

    from callqa.config import sampling_file
    from callqa.pipeline.operations import sample_night
    from storage.db import migrate, resolve_url
    from storage.queue import QueueSettings
    from storage.sampling_plans import load_plans

    if args.action == "check":
        plans = load_plans(Path(args.file))
        print(f"{args.file}: {len(plans.plans)} plan(s) OK")
        return 0
    path = Path(args.plans) if args.plans else sampling_file()
    if path is None:
        print("no sampling plans configured (--plans or CALLQA_SAMPLING); nothing sampled")
        return 0
    last = args.until or args.since
    days = [args.since + timedelta(days=n) for n in range((last - args.since).days + 1)]
    url = resolve_url(args.db)
    migrate(url)
    picked = sample_night(url, path, days, now=datetime.now(UTC), settings=QueueSettings())
    for plan in load_plans(path).plans:
        calls = picked.get(plan.name, [])
        print(f"{plan.name}: {len(calls)} call(s) sent to review {' '.join(calls[:20])}".rstrip())
    return 0
