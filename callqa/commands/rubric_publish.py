"""callqa rubric publish FILE | draft FILE | versions — immutable rubric versions (D63)."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ACTIONS = ("publish", "draft", "versions")


def add_subcommands(sub: Any) -> None:
    for action, text in (("publish", "publish FILE as the rubric's immutable current version (re-scoring uses it)"),
                         ("draft", "record FILE as a draft version (not used for scoring until published)")):
        cmd = sub.add_parser(action, help=text)
        cmd.add_argument("file", type=Path)
        cmd.add_argument("--db", help="database URL")
    versions = sub.add_parser("versions", help="recorded rubric versions: id, version, hash, status")
    versions.add_argument("--db", help="database URL")


def run(args: argparse.Namespace) -> int:
    from scoring import RubricError, load_rubric
    from storage import rubric_versions
    from storage.db import migrate, resolve_url, session_scope

    url = resolve_url(args.db)
    migrate(url)
    if args.action == "versions":
        with session_scope(url) as session:
            for v in rubric_versions.all_versions(session):
                when = v.published_at.strftime("%Y-%m-%d %H:%M") if v.published_at else "-"
                print(f"{v.rubric_id:<16} {v.version:<8} {v.content_hash[:12]}  {v.status:<9} {when:<16} {v.path}")
        return 0
    try:
        rubric = load_rubric(args.file)
    except RubricError as err:
        print(err.message, file=sys.stderr)
        return 1
    path = args.file.resolve()
    with session_scope(url) as session:
        try:
            row, changed = rubric_versions.record(
                session, rubric_id=rubric.id, version=rubric.version, content_hash=rubric.hash, path=str(path),
                content=path.read_text(encoding="utf-8"), actor=getpass.getuser(),
                publish=args.action == "publish", now=datetime.now(UTC))
        except rubric_versions.VersionConflict as err:
            print(f"callqa: error: {args.file}: {err} (raise `version` in the file to record a new version)",
                  file=sys.stderr)
            return 2
        status = row.status
    what = {"published": "published", "draft": "recorded as draft", "retired": "recorded (retired)"}[status]
    print(f"rubric {rubric.id} version {rubric.version} hash {rubric.hash[:12]}: "
          f"{what if changed else 'already ' + what}")
    return 0
