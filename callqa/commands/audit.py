"""Redaction audit log: callqa audit verify | export | calls."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime

from common.beijing import BEIJING
from common.csvsafe import safe_row
from storage.audit_queries import sensitive_categories

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
    verify = sub.add_parser("verify", help="check the keyed chain against the key and the anchors; name the problem")
    verify.add_argument("--db", help="database URL")
    verify.add_argument("--incremental", action="store_true", help="only the records after the latest anchor")
    anchor = sub.add_parser("anchor", help="append the chain head, signed, to the anchor file (CALLQA_AUDIT_ANCHOR)")
    anchor.add_argument("--db", help="database URL")
    export = sub.add_parser("export", help="export audit records (never values) as CSV or JSON")
    export.add_argument("--db", help="database URL")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--call", help="only this call_id")
    export.add_argument("--since", type=iso_time, help="ISO date/time (inclusive; Beijing time unless a zone is given)")
    export.add_argument("--until", type=iso_time, help="ISO date/time (exclusive)")
    calls = sub.add_parser("calls", help="per call: input hash, counts per type, sensitive categories, retention")
    calls.add_argument("--db", help="database URL")
    calls.add_argument("--format", choices=("csv", "json"), default="csv")


def _verify(url: str, incremental: bool) -> int:
    from callqa.config import Settings
    from common.errors import ConfigError
    from storage.audit import verify_chain
    from storage.audit_anchor import AnchorError, read_anchors
    from storage.db import session_scope

    settings = Settings.load(url)
    try:
        keys = settings.chain_keys(create=False)
        anchors = read_anchors(settings.anchor_file, keys)
    except ConfigError as exc:
        print(f"audit log CANNOT BE VERIFIED: {exc}", file=sys.stderr)
        return 2
    except AnchorError as exc:
        print(f"audit log BROKEN: anchor {exc.where}: {exc.problem}")
        return 1
    with session_scope(url) as session:
        report = verify_chain(session, keys, anchors, incremental=incremental)
    scope = f"records after anchored record {report.since_seq}" if report.since_seq else "records"
    if report.ok:
        print(f"audit log OK: {report.checked} {scope}, chain intact, key {keys.key_id}, "
              f"{len(anchors or [])} anchors in {settings.anchor_file}")
        return 0
    where = f"record {report.first_broken_seq}" if report.first_broken_seq else "the anchor"
    print(f"audit log BROKEN at {where}: {report.problem} ({report.checked} {scope} verified before it)")
    return 1


def _anchor(url: str) -> int:
    from callqa.config import Settings
    from storage.audit_anchor import write_anchor
    from storage.db import session_scope

    settings = Settings.load(url)
    with session_scope(url) as session:
        anchor = write_anchor(session, settings.anchor_file, settings.chain_keys(create=False))
    print(f"anchored {anchor.seq} records (last hash {anchor.last_hash[:12]}…) in {settings.anchor_file}")
    return 0


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
        writer.writerow(safe_row({k: ";".join(map(str, v)) if isinstance(v, list | tuple | set) else v
                                  for k, v in row.items()}))


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
        return _verify(url, args.incremental)
    if args.action == "anchor":
        return _anchor(url)
    return _calls(args, url) if args.action == "calls" else _export(args, url)
