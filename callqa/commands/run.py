"""Run the nightly flow over an inbox now: callqa run --inbox DIR [--db URL]."""

from __future__ import annotations

import argparse
import json
import os

NAME = "run"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inbox", required=True, help="recordings inbox folder (formats.md §1)")
    parser.add_argument("--db", help="database URL (default: CALLQA_DB_URL or sqlite:///callqa.db)")
    parser.add_argument("--rubric", help="rubric YAML (default: rubrics/default.yaml)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from callqa.pipeline.summary_text import summary_markdown
    from common.errors import ConfigError
    from storage.db import resolve_url

    if not Path(args.inbox).is_dir():
        raise ConfigError(args.inbox, "inbox folder does not exist", "create it or pass the right --inbox")
    # The URL goes through the environment, not a flow parameter: Prefect stores parameters.
    os.environ["CALLQA_DB_URL"] = resolve_url(args.db)
    from flows.nightly import nightly_qa

    summary = nightly_qa(inbox=str(Path(args.inbox).resolve()), rubric=args.rubric)
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        print(summary_markdown(summary))
    return 0
