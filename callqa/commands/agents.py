"""The agent → team mapping: callqa agents import FILE.csv (columns agent_id, name, team, supervisor)."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "agents"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import", help="insert or replace agents from a UTF-8 CSV file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", help="database URL")


def run(args: argparse.Namespace) -> int:
    from storage.agents import import_agents
    from storage.db import migrate, resolve_url, session_scope

    url = resolve_url(args.db)
    migrate(url)
    with session_scope(url) as session:
        print(f"已导入 {import_agents(session, args.file)} 名坐席")
    return 0
