"""Transcription speed on the bundled sample calls: real-time factor per model/compute type.

    .venv/bin/python bench/bench_transcribe.py [--inbox samples/inbox] [--compute int8 float32]

Each configuration runs in its own process so peak memory (ru_maxrss) is its own. Prints one row per
configuration: audio seconds, processing seconds, RTF (processing / audio; lower is faster), peak RSS.
Only Whisper *base* ships complete in pip packages; other sizes are reported as unavailable.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run_one(inbox: Path, model: str, compute: str, threads: int) -> dict[str, float | str]:
    from transcripts.asr.engine import AsrConfig, get_engine
    from transcripts.audio import AUDIO_EXTENSIONS, decode

    t_load = time.perf_counter()
    engine = get_engine(AsrConfig(model=model, compute_type=compute, cpu_threads=threads))
    load_s = time.perf_counter() - t_load
    audio_s = proc_s = 0.0
    for path in sorted(p for p in inbox.iterdir() if p.suffix.lower() in AUDIO_EXTENSIONS):
        decoded = decode(path)
        t0 = time.perf_counter()
        for channel in decoded.channels:
            engine.transcribe(channel)
        proc_s += time.perf_counter() - t0
        audio_s += decoded.duration_s
    return {"model": model, "compute": compute, "threads": threads, "load_s": round(load_s, 2),
            "audio_s": round(audio_s, 1), "proc_s": round(proc_s, 1), "rtf": round(proc_s / audio_s, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inbox", type=Path, default=ROOT / "samples" / "inbox")
    ap.add_argument("--models", nargs="+", default=["base", "small"])
    ap.add_argument("--compute", nargs="+", default=["int8", "float32"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--one", nargs=2, metavar=("MODEL", "COMPUTE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.inbox, args.one[0], args.one[1], args.threads)))
        return
    print(f"{'model':<6} {'compute':<8} {'audio s':>8} {'proc s':>7} {'RTF':>6} {'load s':>6} {'peak MB':>8}")
    for model in args.models:
        for compute in args.compute:
            res = subprocess.run([sys.executable, __file__, "--inbox", str(args.inbox), "--threads",
                                  str(args.threads), "--one", model, compute], capture_output=True, text=True)
            if res.returncode != 0:
                reason = res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "failed"
                print(f"{model:<6} {compute:<8} unavailable: {reason[:90]}")
                continue
            r = json.loads(res.stdout.strip().splitlines()[-1])
            print(f"{r['model']:<6} {r['compute']:<8} {r['audio_s']:>8} {r['proc_s']:>7} {r['rtf']:>6} "
                  f"{r['load_s']:>6} {r['peak_rss_mb']:>8}")


if __name__ == "__main__":
    main()
