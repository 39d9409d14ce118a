"""Reports from the daily aggregates: callqa report overview|agents|teams|queues|indicators|trend|rebuild."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from common.beijing import beijing_day
from common.errors import CallqaError

NAME = "report"
GROUPS = {"overview": "", "agents": "agent_id", "teams": "team", "queues": "queue", "trend": "day"}
KINDS = (*GROUPS, "indicators", "rebuild")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--since", type=date.fromisoformat, help="first Beijing day, YYYY-MM-DD (default: 7 days ago)")
    parser.add_argument("--until", type=date.fromisoformat, help="last Beijing day, inclusive (default: yesterday)")
    parser.add_argument("--format", choices=("table", "csv", "json", "xlsx"), default="table")
    parser.add_argument("--out", help="write to this file instead of standard output")
    parser.add_argument("--db", help="database URL")


def rows_for(session: Any, kind: str, since: date, until: date) -> list[dict[str, Any]]:
    """The report's rows as plain dicts (the same rows the pages show)."""
    from storage.report_detail import agent_rows, overview_row
    from storage.report_queries import Period, grouped, indicators

    period = Period(since, until)
    if kind == "indicators":
        return [dict(vars(r)) for r in indicators(session, period)]
    if kind == "agents":
        return [r.as_dict() for r in agent_rows(session, period)]
    if kind == "overview":
        figures = overview_row(session, period, datetime.now(UTC))
        return [figures] if figures else []
    name = {"teams": "team", "queues": "queue", "trend": "day"}.get(kind)
    out = []
    for row in grouped(session, period, GROUPS[kind]):
        d = row.as_dict()
        key = d.pop("key")
        head = {name: key} if name else {"since": since.isoformat(), "until": until.isoformat()}
        out.append(head | d)
    return out


def neutral(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def flat(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a table, CSV or a sheet: a nested figure (hits per dimension) as one text cell."""
    return [{k: "；".join(f"{a} {b}" for a, b in v.items()) if isinstance(v, dict) else v for k, v in r.items()}
            for r in rows]


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    rows = flat(rows)
    if not rows:
        return "（所选日期内无数据）\n" if fmt == "table" else ""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: neutral(v) for k, v in r.items()} for r in rows)
        return buf.getvalue()
    head = list(rows[0])
    lines = ["\t".join(head)] + ["\t".join("—" if r[h] is None else str(r[h]) for h in head) for r in rows]
    return "\n".join(lines) + "\n"


def write_xlsx(rows: list[dict[str, Any]], path: str) -> None:
    """One sheet, header row first; text cells neutralised and written as strings, never formulas."""
    import xlsxwriter

    rows = flat(rows)
    book = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("报表")
    head = list(rows[0]) if rows else []
    for col, name in enumerate(head):
        sheet.write_string(0, col, name)
    for r, row in enumerate(rows, start=1):
        for col, name in enumerate(head):
            value = row[name]
            if isinstance(value, str):
                sheet.write_string(r, col, neutral(value))
            elif value is not None:
                sheet.write_number(r, col, value)
    book.close()


def run(args: argparse.Namespace) -> int:
    from storage.aggregates import rebuild
    from storage.db import migrate, resolve_url, session_scope

    url = resolve_url(args.db)
    migrate(url)
    if args.kind == "rebuild":
        with session_scope(url) as session:
            print(f"已重算 {rebuild(session)} 通通话的日汇总")
        return 0
    until = args.until or beijing_day(datetime.now(UTC)) - timedelta(days=1)  # the pages' default too
    since = args.since or until - timedelta(days=6)
    if since > until:
        raise CallqaError("--since", f"{since} is after --until {until}", "give since ≤ until (inclusive Beijing days)")
    with session_scope(url) as session:
        rows = rows_for(session, args.kind, since, until)
    if args.format == "xlsx":
        if not args.out:
            raise CallqaError("--out", "xlsx needs a file", "add --out FILE.xlsx")
        write_xlsx(rows, args.out)
        return 0
    text = render(rows, args.format)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        print(text, end="")
    return 0
