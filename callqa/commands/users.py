"""Review workbench accounts: callqa users add | list | disable."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from typing import TYPE_CHECKING

from storage.web_sessions import revoke_user

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.review import User

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
    dis = sub.add_parser("disable", help="disable an account and end its sessions (history is kept)")
    dis.add_argument("username")
    dis.add_argument("--db", help="database URL")
    pwd = sub.add_parser("password", help="set a new password (CALLQA_NEW_PASSWORD or a prompt); ends its sessions")
    pwd.add_argument("username")
    pwd.add_argument("--db", help="database URL")


def _password() -> str:
    from callqa.config import new_password

    scripted = new_password()
    if scripted:
        return scripted
    first = getpass.getpass("password: ")
    if first != getpass.getpass("repeat: "):
        raise SystemExit("callqa: error: the passwords differ")
    return first


MIN_PASSWORD = 8


def _disable(session: Session, user: User) -> int:
    user.active = False
    ended = revoke_user(session, user.id, time.time(), "disabled")
    print(f"disabled {user.username}; {ended} sessions ended")
    return 0


def _set_password(session: Session, user: User) -> int:
    from callqa.web.passwords import hash_password

    password = _password()
    if len(password) < MIN_PASSWORD:
        print(f"callqa: error: the password must have at least {MIN_PASSWORD} characters", file=sys.stderr)
        return 2
    user.password_hash = hash_password(password)
    ended = revoke_user(session, user.id, time.time(), "password")
    print(f"password of {user.username} changed; {ended} sessions ended")
    return 0


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from callqa.config import db_url
    from callqa.web.passwords import hash_password
    from storage.db import migrate, open_existing, session_scope
    from storage.review import ROLE_ZH, User

    url = db_url(args.db)
    open_existing(url) if args.action == "list" else migrate(url)
    with session_scope(url) as session:
        if args.action == "list":
            for u in session.scalars(select(User).order_by(User.username)):
                print(f"{u.username:<20} {u.role:<11} {ROLE_ZH[u.role]:<4} {'active' if u.active else 'disabled'}")
            return 0
        user = session.scalar(select(User).where(User.username == args.username))
        if args.action in ("disable", "password"):
            if user is None:
                print(f"callqa: error: no user {args.username!r}; see `callqa users list`", file=sys.stderr)
                return 2
            return _disable(session, user) if args.action == "disable" else _set_password(session, user)
        if user is not None:
            print(f"callqa: error: user {args.username!r} exists; pick another name", file=sys.stderr)
            return 2
        if (args.role == "agent") != bool(args.agent_id):
            print("callqa: error: --agent-id is required with --role agent and allowed only there", file=sys.stderr)
            return 2
        password = _password()
        if len(password) < MIN_PASSWORD:
            print(f"callqa: error: the password must have at least {MIN_PASSWORD} characters", file=sys.stderr)
            return 2
        session.add(User(username=args.username, display_name=args.name or args.username, role=args.role,
                         password_hash=hash_password(password), agent_id=args.agent_id))
    print(f"added {args.username} ({args.role})")
    return 0
