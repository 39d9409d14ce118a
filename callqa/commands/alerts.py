"""Alerts for red, fatal and overdue review items: callqa alerts send | check FILE."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

NAME = "alerts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    send = sub.add_parser("send", help="enqueue alerts for open items, then send what is due (safe to re-run)")
    send.add_argument("--routes", help="routing YAML (default CALLQA_ALERT_ROUTES; CALLQA_ALERT_WEBHOOK adds one)")
    send.add_argument("--db", help="database URL")
    check = sub.add_parser("check", help="validate a routing YAML file")
    check.add_argument("file")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from callqa.alerts.routing import combined, load_routing
    from callqa.alerts.send import run_alerts
    from callqa.config import alert_settings_from_env
    from storage.db import migrate, resolve_url

    if args.action == "check":
        checked = load_routing(Path(args.file))
        print(f"{args.file}: {len(checked.routes)} route(s) OK")
        return 0
    cfg = alert_settings_from_env(args.routes)
    routing = combined(cfg.routes_file, cfg.webhook, cfg.format, cfg.link_base)
    if routing is None:
        print("no alert routes configured (CALLQA_ALERT_ROUTES or CALLQA_ALERT_WEBHOOK); nothing sent")
        return 0
    url = resolve_url(args.db)
    migrate(url)
    counts = run_alerts(url, routing, now=datetime.now(UTC))
    print(f"alerts: {counts.enqueued} enqueued, {counts.sent} sent, {counts.failed} failed (retried later)")
    return 1 if counts.failed else 0
