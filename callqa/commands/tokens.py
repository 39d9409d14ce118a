"""API tokens for the HTTP API: callqa tokens add USER [--expires DAYS] | list | revoke ID."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

NAME = "tokens"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="issue a token for USER; printed once, on the last line of stdout")
    add.add_argument("username")
    add.add_argument("--expires", type=int, metavar="DAYS", help="valid for DAYS days (default: until revoked)")
    add.add_argument("--db", help="database URL")
    ls = sub.add_parser("list", help="tokens: id, user, first characters, expiry, revoked, last used")
    ls.add_argument("--db", help="database URL")
    rev = sub.add_parser("revoke", help="revoke a token by its id (see `callqa tokens list`)")
    rev.add_argument("token_id", type=int)
    rev.add_argument("--db", help="database URL")


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from storage import api_tokens
    from storage.db import migrate, resolve_url, session_scope
    from storage.review import User

    url = resolve_url(args.db)
    migrate(url)
    now = datetime.now(UTC)
    with session_scope(url) as session:
        if args.action == "list":
            for t in api_tokens.listing(session):
                state = "revoked" if t.revoked_at else ("expired" if t.expires_at and t.expires_at <= now else "active")
                print(f"{t.id:<5} {t.username:<20} {t.prefix}…  expires {_when(t.expires_at):<16} {state:<8} "
                      f"last used {_when(t.last_used_at)}")
            return 0
        if args.action == "revoke":
            if not api_tokens.revoke(session, args.token_id, now=now):
                print(f"callqa: error: no active token with id {args.token_id}; see `callqa tokens list`",
                      file=sys.stderr)
                return 2
            print(f"revoked token {args.token_id}")
            return 0
        if args.expires is not None and args.expires < 1:
            print(f"callqa: error: --expires {args.expires}: must be a whole number of days ≥ 1", file=sys.stderr)
            return 2
        user = session.scalar(select(User).where(User.username == args.username))
        if user is None or not user.active:
            print(f"callqa: error: no active user {args.username!r}; see `callqa users list`", file=sys.stderr)
            return 2
        token_id, plain = api_tokens.issue(session, user, now=now, expires_days=args.expires)
    print(f"token {token_id} for {args.username} ({user.role}); store it now, it is not shown again:")
    print(plain)
    return 0
