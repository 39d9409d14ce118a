"""Database maintenance: callqa db upgrade (create or migrate the schema)."""

from __future__ import annotations

import argparse

NAME = "db"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    up = sub.add_parser("upgrade", help="create the schema or migrate it to the newest revision")
    up.add_argument("--db", help="database URL")


def run(args: argparse.Namespace) -> int:
    from callqa.config import db_url
    from storage.db import migrate

    url = db_url(args.db)
    migrate(url)
    print(f"database schema is up to date ({url.split('://')[0]})")
    return 0
