"""The review queue: callqa queue list [--format json|table] [--status open|all]."""

from __future__ import annotations

import argparse
import json

NAME = "queue"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    ls = sub.add_parser("list", help="flagged calls by severity and due time")
    ls.add_argument("--format", choices=("json", "table"), default="table")
    ls.add_argument("--status", default="open", help="open (default), resolved, … or 'all'")
    ls.add_argument("--db", help="database URL")


def run(args: argparse.Namespace) -> int:
    from callqa.config import db_url
    from callqa.pipeline.summary_text import SEVERITY_ZH, local_time
    from storage.db import open_existing, session_scope
    from storage.queue import list_queue

    url = db_url(args.db)
    open_existing(url)
    with session_scope(url) as session:
        items = list_queue(session, status=None if args.status == "all" else args.status)
    if args.format == "json":
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    print(f"{'级别':<4} {'通话':<20} {'得分':>5} {'截止(北京时间)':<12} 原因")
    for it in items:
        score = "无法评分" if it["unscorable"] else f"{it['score']:>5.0f}"
        print(f"{SEVERITY_ZH.get(it['severity'], '?'):<4} {it['call_id']:<20} {score:>5} "
              f"{local_time(it['due_at']):<14} {'；'.join(it['reasons'])}")
    return 0
