"""Model files: callqa model convert-openai (CTranslate2 → openai-whisper checkpoint, offline)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

NAME = "model"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    conv = sub.add_parser("convert-openai", help="write the openai-whisper checkpoint from the bundled weights")
    conv.add_argument("--model", default="base", help="model size (only base ships complete)")
    conv.add_argument("--out", type=Path, default=None,
                      help="output file (default: openai-<size>.pt next to the CT2 model)")
    conv.add_argument("--force", action="store_true", help="convert even if the checkpoint is up to date")


def run(args: argparse.Namespace) -> int:
    from callqa.config import model_root
    from transcripts.asr.ct2_convert import convert
    from transcripts.asr.weights import ensure_model

    t0 = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - t0:5.1f} s] {message}", file=sys.stderr, flush=True)

    model_dir = ensure_model(args.model, model_root())
    out = convert(model_dir, args.out, force=args.force, progress=progress)
    print(f"{out} ({out.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")
    return 0
