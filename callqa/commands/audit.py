"""Redaction audit log: callqa audit verify | export | calls."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from transcripts.redaction.categories import LEGAL_CATEGORY

NAME = "audit"
EXPORT_FIELDS = ("seq", "call_id", "input_sha256", "run_id", "segment_idx", "field", "span_group", "pii_type",
                 "legal_category", "start", "end",
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
        return _verify(url)
    return _calls(args, url) if args.action == "calls" else _export(args, url)
