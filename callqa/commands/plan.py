"""Size a night: callqa plan --audio-hours H --window-hours W [--gpu] [--cores N] [--format table|json]."""

from __future__ import annotations

import argparse
import json
import os

NAME = "plan"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--audio-hours", required=True, type=float, help="audio hours recorded per day")
    parser.add_argument("--window-hours", required=True, type=float, help="wall hours the night may take")
    parser.add_argument("--gpu", action="store_true", help="plan GPU machines (one decoding worker per GPU)")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1,
                        help="cores per machine (default: this machine's)")
    parser.add_argument("--gpus", type=int, default=1, help="GPUs per machine with --gpu (default 1)")
    parser.add_argument("--threads", type=int, default=None,
                        help="cores per decoding worker (default: CALLQA_ASR_THREADS)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--db", help="database URL whose transcripts give the measured RTF")


def run(args: argparse.Namespace) -> int:
    from callqa.config import asr_config_from_env, db_url
    from callqa.pipeline.plan import basis_for, check_request, make_plan, plan_text
    from storage.asr_measurements import asr_measurements
    from storage.db import open_existing, session_scope

    threads = args.threads if args.threads is not None else asr_config_from_env().cpu_threads
    check_request(args.audio_hours, args.window_hours, cores_per_machine=args.cores, threads_per_worker=threads,
                  gpus_per_machine=args.gpus, gpu=args.gpu)
    url = db_url(args.db)
    open_existing(url)
    with session_scope(url) as session:
        basis = basis_for(asr_measurements(session), args.gpu)
    plan = make_plan(args.audio_hours, args.window_hours, basis, cores_per_machine=args.cores,
                     threads_per_worker=threads, gpus_per_machine=args.gpus, gpu=args.gpu)
    print(json.dumps(plan.as_dict(), ensure_ascii=False, indent=2) if args.format == "json" else plan_text(plan))
    return 0
