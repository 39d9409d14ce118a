"""Redaction audit log: callqa audit verify | export | calls."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from storage.audit_queries import sensitive_categories

BEIJING = ZoneInfo("Asia/Shanghai")

NAME = "audit"


def iso_time(value: str) -> datetime:
    """``--since`` / ``--until``: an ISO date or date-time; a date-time without zone is Beijing time."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date or date-time (e.g. 2026-11-21 or "
                                         f"2026-11-21T09:30:00+08:00)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    verify = sub.add_parser("verify", help="recompute the hash chain; report the first broken record")
    verify.add_argument("--db", help="database URL")
    export = sub.add_parser("export", help="export audit records (never values) as CSV or JSON")
    export.add_argument("--db", help="database URL")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--call", help="only this call_id")
    export.add_argument("--since", type=iso_time, help="ISO date/time (inclusive; Beijing time unless a zone is given)")
    export.add_argument("--until", type=iso_time, help="ISO date/time (exclusive)")
    calls = sub.add_parser("calls", help="per call: input hash, counts per type, sensitive categories, retention")
    calls.add_argument("--db", help="database URL")
    calls.add_argument("--format", choices=("csv", "json"), default="csv")


def _verify(url: str) -> int:
    from storage.audit import verify_chain
    from storage.db import session_scope

    with session_scope(url) as session:
        report = verify_chain(session)
    if report.ok:
        print(f"audit log OK: {report.checked} records, chain intact")
        return 0
    print(f"audit log BROKEN at record {report.first_broken_seq}: {report.problem} "
          f"({report.checked} records verified before it)")
    return 1


def _export(args: argparse.Namespace, url: str) -> int:
    from storage.audit_queries import EVENT_FIELDS, event_rows
    from storage.db import session_scope

    with session_scope(url) as session:
        rows = event_rows(session, call_id=args.call, since=args.since, until=args.until)
    _emit(args.format, EVENT_FIELDS, rows)
    return 0


def _emit(fmt: str, fields: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list | tuple | set) else v for k, v in row.items()})


CALL_FIELDS = ("call_id", "input_sha256", "kind", "state", "detections", "per_type", "sensitive_categories",
               "redacted_audio", "retention")


def _calls(args: argparse.Namespace, url: str) -> int:
    from collections import Counter

    from sqlalchemy import select

    from storage.db import session_scope
    from storage.models import Interaction, RedactionEvent, RetentionEvent

    with session_scope(url) as session:
        types: dict[int, Counter[str]] = {}
        for iid, kind in session.execute(select(RedactionEvent.interaction_id, RedactionEvent.pii_type)):
            types.setdefault(iid, Counter())[kind] += 1
        retained = {e.interaction_id: f"{e.action} ({e.policy})" for e in session.scalars(select(RetentionEvent))}
        rows: list[dict[str, object]] = []
        for inter in session.scalars(select(Interaction).order_by(Interaction.id)):
            per = types.get(inter.id, Counter())
            rows.append({
                "call_id": inter.call_id, "input_sha256": inter.content_sha256, "kind": inter.kind,
                "state": inter.state, "detections": sum(per.values()),
                "per_type": ";".join(f"{k}={v}" for k, v in sorted(per.items())),
                "sensitive_categories": sensitive_categories(set(per)),
                "redacted_audio": "yes" if inter.redacted_audio else ("n/a" if inter.kind != "audio" else "no"),
                "retention": retained.get(inter.id, "original in inbox"),
            })
    _emit(args.format, CALL_FIELDS, rows)
    return 0


def run(args: argparse.Namespace) -> int:
    from callqa.config import db_url
    from storage.db import open_existing

    url = db_url(args.db)
    open_existing(url)
    if args.action == "verify":
        return _verify(url)
    return _calls(args, url) if args.action == "calls" else _export(args, url)
