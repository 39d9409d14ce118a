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
    conv.add_argument("--out", type=Path, default=None, help="output file (default: next to the CT2 model)")


def run(args: argparse.Namespace) -> int:
    from transcripts.asr.ct2_convert import convert
    from transcripts.asr.weights import ensure_model

    t0 = time.perf_counter()
    model_dir = ensure_model(args.model)
    print(f"converting {model_dir / 'model.bin'} …", file=sys.stderr, flush=True)
    out = convert(model_dir, args.out)
    print(f"{out} ({out.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")
    return 0
