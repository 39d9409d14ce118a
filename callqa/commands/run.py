"""Run the nightly flow over an inbox now: callqa run --inbox DIR [--db URL]."""

from __future__ import annotations

import argparse
import json

NAME = "run"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inbox", required=True, help="recordings inbox folder (formats.md §1)")
    parser.add_argument("--db", help="database URL (default: CALLQA_DB_URL or sqlite:///callqa.db)")
    parser.add_argument("--rubric", help="routing file or rubric YAML (default: CALLQA_RUBRIC or rubrics/routing.yaml)")
    parser.add_argument("--dask", metavar="ADDRESS", help="transcribe on this Dask scheduler, e.g. tcp://host:8786 "
                        "(default: CALLQA_DASK_ADDRESS; unset: threads in this process)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from callqa.config import Settings, flow_environment
    from callqa.pipeline.guard import check_inbox
    from callqa.pipeline.process import rubrics_for
    from callqa.pipeline.summary_text import summary_markdown

    check_inbox(args.inbox)  # a missing folder or a project checkout stops here, before Prefect starts
    settings = Settings.load(args.db, args.rubric, dask=args.dask)  # every setting checked before Prefect starts
    rubrics_for(settings.rubric)  # a broken rubric stops the run here, with every problem and its line
    from callqa.pipeline.prefect_runtime import tie_temporary_server_to_this_process
    from flows.nightly import nightly_qa

    tie_temporary_server_to_this_process()

    with flow_environment(settings):
        summary = nightly_qa(inbox=str(Path(args.inbox).resolve()), rubric=str(settings.rubric))
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        print(summary_markdown(summary))
    return 1 if summary["internal_failures"] else 0  # quarantined input is handled, not a failure
