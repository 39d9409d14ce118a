"""The ``callqa`` command line (formats.md §3). Sub-commands live in ``callqa.commands``.

Every failure a user can cause ends in ONE line on stderr, ``callqa: error: <where>: <what> (<how to fix>)``,
never a traceback: exit code 2 for usage and configuration errors (bad flag, bad setting, missing file,
unreachable database), 1 when a command ran and found problems (a broken audit chain, failing rubric
examples, skipped input lines). A closed pipe (``callqa queue list | head``) ends quietly with 141.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from common.errors import CallqaError

COMMANDS = (
    "callqa.commands.run",
    "callqa.commands.transcribe",
    "callqa.commands.redact",
    "callqa.commands.score",
    "callqa.commands.rubric",
    "callqa.commands.queue",
    "callqa.commands.report",
    "callqa.commands.agents",
    "callqa.commands.audit",
    "callqa.commands.db",
    "callqa.commands.model",
    "callqa.commands.users",
    "callqa.commands.tokens",
    "callqa.commands.alerts",
    "callqa.commands.rescore",
    "callqa.commands.assign",
    "callqa.commands.sample",
    "callqa.commands.serve",
    "callqa.commands.plan",
)
"""The explicit command registry: add a module here to add a command."""

USAGE_ERROR = 2
BROKEN_PIPE = 141
"""128 + SIGPIPE, what a shell reports for a writer whose reader went away."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``callqa: error: callqa run: the following arguments are required …``."""

    def error(self, message: str) -> NoReturn:
        print(f"callqa: error: {self.prog}: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)


def build_parser() -> Parser:
    parser = Parser(prog="callqa", description="Automated QA for Chinese contact centres.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for path in COMMANDS:
        module = importlib.import_module(path)
        cmd = sub.add_parser(module.NAME, help=(module.__doc__ or "").strip().splitlines()[0])
        module.add_arguments(cmd)
        cmd.set_defaults(handler=module.run)
    return parser


def _subparser(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.ArgumentParser:
    """The innermost sub-command parser the words of ``argv`` select (``callqa queue list`` → ``list``)."""
    for word in argv:
        choices = next((a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        if not choices:
            break
        if word in choices:
            parser = choices[word]
    return parser


def check_options(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    """Report a mistyped option by name before argparse complains about a missing required one
    (``--inbx`` is reported as unknown, with ``--inbox`` suggested, not as "--inbox required")."""
    target = _subparser(parser, argv)
    known = [opt for opt in target._option_string_actions if opt.startswith("--")]
    for word in argv:
        if word == "--":
            break
        name = word.split("=", 1)[0]
        if name.startswith("--") and not any(opt.startswith(name) for opt in known):
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}?" if close else f"see `{target.prog} --help`"
            target.error(f"unknown option {name} ({hint})")


def _database_error(exc: Exception, args: argparse.Namespace | None) -> str:
    """A one-line account of a database failure that names the database without its password."""
    from callqa.config import db_url
    from storage.db import safe_url

    try:
        where = safe_url(db_url(getattr(args, "db", None)))
    except CallqaError:
        where = "database"
    from sqlalchemy.exc import OperationalError

    # Connection and file errors say what is wrong; data and integrity errors may quote a stored value
    # (personal data), so only their kind is shown.
    lines = str(getattr(exc, "orig", exc)).strip().splitlines() if isinstance(exc, OperationalError) else []
    reason = lines[0] if lines else type(getattr(exc, "orig", exc)).__name__
    return (f"{where}: cannot use the database ({reason}) (check that the server runs and the URL, user and "
            f"database name are right, or that the folder of a SQLite file exists and is writable)")


def _quiet_pipe() -> int:
    """stdout's reader is gone: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    from sqlalchemy.exc import DBAPIError, OperationalError

    from callqa.config import quiet_prefect

    quiet_prefect()  # before any command imports Prefect
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    logging.getLogger("callqa.progress").setLevel(logging.INFO)
    words = list(sys.argv[1:] if argv is None else argv)
    args: argparse.Namespace | None = None
    try:
        parser = build_parser()
        check_options(parser, words)
        args = parser.parse_args(words)
        rc = int(args.handler(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below, not at interpreter exit
        return rc
    except CallqaError as err:
        print(f"callqa: error: {err.message}", file=sys.stderr)
        return USAGE_ERROR
    except (OperationalError, DBAPIError) as exc:
        print(f"callqa: error: {_database_error(exc, args)}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:
        return _quiet_pipe()
    except KeyboardInterrupt:
        print("callqa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
