"""Review workbench accounts: callqa users add | list | disable."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

NAME = "users"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="create an account (password from CALLQA_NEW_PASSWORD or a prompt)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("qa", "supervisor", "compliance", "admin", "agent"),
                     help="qa 质检员, supervisor 主管, compliance 合规官, admin, agent 坐席 (needs --agent-id)")
    add.add_argument("--agent-id", help="for --role agent: the agent id in the call sidecars (A1001)")
    add.add_argument("--name", help="display name (default: the username)")
    add.add_argument("--db", help="database URL")
    ls = sub.add_parser("list", help="accounts, roles and whether they are active")
    ls.add_argument("--db", help="database URL")
    dis = sub.add_parser("disable", help="disable an account (it can no longer sign in; history is kept)")
    dis.add_argument("username")
    dis.add_argument("--db", help="database URL")


def _password() -> str:
    env = os.environ.get("CALLQA_NEW_PASSWORD")
    if env:
        return env
    first = getpass.getpass("password: ")
    if first != getpass.getpass("repeat: "):
        raise SystemExit("callqa: error: the passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from callqa.web.passwords import hash_password
    from storage.db import migrate, resolve_url, session_scope
    from storage.review import ROLE_ZH, User

    url = resolve_url(args.db)
    migrate(url)
    with session_scope(url) as session:
        if args.action == "list":
            for u in session.scalars(select(User).order_by(User.username)):
                print(f"{u.username:<20} {u.role:<11} {ROLE_ZH[u.role]:<4} {'active' if u.active else 'disabled'}")
            return 0
        user = session.scalar(select(User).where(User.username == args.username))
        if args.action == "disable":
            if user is None:
                print(f"callqa: error: no user {args.username!r}; see `callqa users list`", file=sys.stderr)
                return 2
            user.active = False
            print(f"disabled {args.username}")
            return 0
        if user is not None:
            print(f"callqa: error: user {args.username!r} exists; pick another name", file=sys.stderr)
            return 2
        if (args.role == "agent") != bool(args.agent_id):
            print("callqa: error: --agent-id is required with --role agent and allowed only there", file=sys.stderr)
            return 2
        password = _password()
        if len(password) < 8:
            print("callqa: error: the password must have at least 8 characters", file=sys.stderr)
            return 2
        session.add(User(username=args.username, display_name=args.name or args.username, role=args.role,
                         password_hash=hash_password(password), agent_id=args.agent_id))
    print(f"added {args.username} ({args.role})")
    return 0
