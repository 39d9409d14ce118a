"""The ``callqa`` command line (formats.md §3). Sub-commands live in ``callqa.commands``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from common.errors import CallqaError

COMMANDS = (
    "callqa.commands.run",
    "callqa.commands.transcribe",
    "callqa.commands.redact",
    "callqa.commands.score",
    "callqa.commands.rubric",
    "callqa.commands.queue",
    "callqa.commands.audit",
    "callqa.commands.db",
    "callqa.commands.model",
    "callqa.commands.users",
    "callqa.commands.tokens",
    "callqa.commands.alerts",
    "callqa.commands.rescore",
    "callqa.commands.assign",
    "callqa.commands.serve",
)
"""The explicit command registry: add a module here to add a command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="callqa", description="Automated QA for Chinese contact centres.")
    sub = parser.add_subparsers(dest="command", required=True)
    for path in COMMANDS:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name != path:
                raise
            continue  # a command module not yet present
        cmd = sub.add_parser(module.NAME, help=(module.__doc__ or "").strip().splitlines()[0])
        module.add_arguments(cmd)
        cmd.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    logging.getLogger("callqa.progress").setLevel(logging.INFO)
    try:
        args = build_parser().parse_args(argv)  # importing the commands reads settings such as CALLQA_NAME_SEARCH
        return int(args.handler(args))
    except CallqaError as err:
        print(f"callqa: error: {err.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
