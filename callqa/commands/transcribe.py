"""Transcribe recordings to transcript JSON: callqa transcribe AUDIO... --out DIR."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

NAME = "transcribe"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("audio", nargs="+", type=Path, help="recordings (sidecar <call_id>.json used if present)")
    parser.add_argument("--out", required=True, type=Path, help="output folder, one <call_id>.json per recording")
    parser.add_argument("--raw", action="store_true",
                        help="write UNREDACTED text (personal data!); default is redacted output")


def run(args: argparse.Namespace) -> int:
    from callqa.config import Settings
    from common.errors import ConfigError, InputError
    from transcripts.asr.engine import get_engine
    from transcripts.inbox import sidecar_of
    from transcripts.io import dump_transcript
    from transcripts.redaction.transcript import redact_transcript
    from transcripts.sidecar import load_sidecar
    from transcripts.transcribe import transcribe_recording

    missing = [str(p) for p in args.audio if not p.is_file()]
    if missing:
        raise ConfigError(", ".join(missing), "no such recording", "check the paths (callqa transcribe AUDIO...)")
    settings = Settings.load()
    engine = get_engine(settings.asr)
    hasher = None if args.raw else settings.hasher()
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for n, path in enumerate(args.audio, 1):
        t0 = time.perf_counter()
        print(f"[{n}/{len(args.audio)}] {path.name} …", file=sys.stderr, flush=True)
        try:
            sidecar_path = sidecar_of(path)
            sidecar = load_sidecar(sidecar_path, path.stem) if sidecar_path else None
            transcript = transcribe_recording(path, path.stem, sidecar, engine, settings.hotwords)
        except InputError as err:
            failed += 1
            print(f"[{n}/{len(args.audio)}] skipped: {err.message}", file=sys.stderr)
            continue
        if hasher is not None:
            redacted = redact_transcript(transcript, hasher, settings.redactor()).transcript
            transcript = redacted.model_copy(update={"customer_id": None})
        (args.out / f"{path.stem}.json").write_text(dump_transcript(transcript), encoding="utf-8")
        audio_s = transcript.asr.audio_duration_s if transcript.asr else 0.0
        print(f"[{n}/{len(args.audio)}] {path.name}: {len(transcript.segments)} segments, {audio_s:.1f} s audio "
              f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 1 if failed else 0
