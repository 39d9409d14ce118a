"""Run the nightly flow over an inbox now: callqa run --inbox DIR [--db URL]."""

from __future__ import annotations

import argparse
import json

NAME = "run"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inbox", required=True, help="recordings inbox folder (formats.md §1)")
    parser.add_argument("--db", help="database URL (default: CALLQA_DB_URL or sqlite:///callqa.db)")
    parser.add_argument("--rubric", help="routing file or rubric YAML (default: CALLQA_RUBRIC or rubrics/routing.yaml)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from callqa.config import Settings, flow_environment
    from callqa.pipeline.guard import check_inbox
    from callqa.pipeline.process import rubrics_for
    from callqa.pipeline.summary_text import summary_markdown

    check_inbox(args.inbox)  # a missing folder or a project checkout stops here, before Prefect starts
    settings = Settings.load(args.db, args.rubric)  # every setting checked before Prefect starts (~40 s)
    rubrics_for(settings.rubric)  # a broken rubric stops the run here, with every problem and its line
    from flows.nightly import nightly_qa

    with flow_environment(settings):
        summary = nightly_qa(inbox=str(Path(args.inbox).resolve()), rubric=str(settings.rubric))
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        print(summary_markdown(summary))
    return 0
