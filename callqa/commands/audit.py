"""Redaction audit log: callqa audit verify | export."""

from __future__ import annotations

import argparse
import csv
import json
import sys

NAME = "audit"
EXPORT_FIELDS = ("seq", "call_id", "run_id", "segment_idx", "span_group", "pii_type", "start", "end",
                 "audio_start", "audio_end", "speaker", "detector", "detector_version", "confidence", "validators",
                 "action", "value_hash", "key_id", "recorded_at", "prev_hash", "record_hash")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    verify = sub.add_parser("verify", help="recompute the hash chain; report the first broken record")
    verify.add_argument("--db", help="database URL")
    export = sub.add_parser("export", help="export audit records (never values) as CSV or JSON")
    export.add_argument("--db", help="database URL")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--call", help="only this call_id")
    export.add_argument("--since", help="ISO date/time (inclusive)")
    export.add_argument("--until", help="ISO date/time (exclusive)")


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
    from sqlalchemy import select

    from storage.db import session_scope
    from storage.models import Interaction, RedactionEvent

    with session_scope(url) as session:
        stmt = (select(RedactionEvent, Interaction.call_id)
                .join(Interaction, RedactionEvent.interaction_id == Interaction.id).order_by(RedactionEvent.seq))
        if args.call:
            stmt = stmt.where(Interaction.call_id == args.call)
        if args.since:
            stmt = stmt.where(RedactionEvent.recorded_at >= args.since)
        if args.until:
            stmt = stmt.where(RedactionEvent.recorded_at < args.until)
        rows = [{f: (call_id if f == "call_id" else getattr(ev, f)) for f in EXPORT_FIELDS}
                for ev, call_id in session.execute(stmt)]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "validators": ";".join(row["validators"])})
    return 0


def run(args: argparse.Namespace) -> int:
    from storage.db import migrate, resolve_url

    url = resolve_url(args.db)
    migrate(url)
    return _verify(url) if args.action == "verify" else _export(args, url)
