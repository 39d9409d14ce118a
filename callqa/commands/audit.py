"""Redaction audit log: callqa audit verify | export | calls."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from common.csvsafe import safe_row
from transcripts.redaction.categories import LEGAL_CATEGORY

NAME = "audit"
EXPORT_FIELDS = ("seq", "call_id", "input_sha256", "run_id", "segment_idx", "field", "span_group", "pii_type",
                 "legal_category", "start", "end",
                 "audio_start", "audio_end", "speaker", "detector", "detector_version", "confidence", "validators",
                 "action", "value_hash", "key_id", "recorded_at", "prev_hash", "record_hash")


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
    export.add_argument("--since", help="ISO date/time (inclusive)")
    export.add_argument("--until", help="ISO date/time (exclusive)")
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
    from sqlalchemy import select

    from storage.db import session_scope
    from storage.models import Interaction, RedactionEvent

    with session_scope(url) as session:
        stmt = (select(RedactionEvent, Interaction.call_id, Interaction.content_sha256)
                .join(Interaction, RedactionEvent.interaction_id == Interaction.id).order_by(RedactionEvent.seq))
        if args.call:
            stmt = stmt.where(Interaction.call_id == args.call)
        if args.since:
            stmt = stmt.where(RedactionEvent.recorded_at >= args.since)
        if args.until:
            stmt = stmt.where(RedactionEvent.recorded_at < args.until)
        derived = {"call_id": None, "input_sha256": None, "legal_category": None}
        rows = [{f: getattr(ev, f) for f in EXPORT_FIELDS if f not in derived}
                | {"call_id": call_id, "input_sha256": sha,
                   "legal_category": LEGAL_CATEGORY.get(ev.pii_type, "general")}
                for ev, call_id, sha in session.execute(stmt)]
    _emit(args.format, EXPORT_FIELDS, [{k: r[k] for k in EXPORT_FIELDS} for r in rows])
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
                "sensitive_categories": sorted({LEGAL_CATEGORY[k] for k in per if LEGAL_CATEGORY.get(k, "general")
                                                != "general"}),
                "redacted_audio": "yes" if inter.redacted_audio else ("n/a" if inter.kind != "audio" else "no"),
                "retention": retained.get(inter.id, "original in inbox"),
            })
    _emit(args.format, CALL_FIELDS, rows)
    return 0


def run(args: argparse.Namespace) -> int:
    from storage.db import migrate, resolve_url

    url = resolve_url(args.db)
    migrate(url)
    if args.action == "verify":
        return _verify(url, args.incremental)
    if args.action == "anchor":
        return _anchor(url)
    return _calls(args, url) if args.action == "calls" else _export(args, url)
