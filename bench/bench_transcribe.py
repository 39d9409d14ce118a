"""Transcription speed on the bundled sample calls: real-time factor per model/compute type.

    .venv/bin/python bench/bench_transcribe.py [--inbox samples/inbox] [--compute int8 float32]
        [--engines faster-whisper openai-whisper]

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


def run_one(inbox: Path, model: str, compute: str, threads: int, engine_name: str = "faster-whisper"
            ) -> dict[str, float | str]:
    from transcripts.asr.engine import AsrConfig, get_engine
    from transcripts.audio import AUDIO_EXTENSIONS, decode

    t_load = time.perf_counter()
    engine = get_engine(AsrConfig(engine=engine_name, model=model, compute_type=compute, cpu_threads=threads))
    load_s = time.perf_counter() - t_load
    audio_s = proc_s = 0.0
    for path in sorted(p for p in inbox.iterdir() if p.suffix.lower() in AUDIO_EXTENSIONS):
        decoded = decode(path)
        t0 = time.perf_counter()
        for channel in decoded.channels:
            engine.transcribe(channel)
        proc_s += time.perf_counter() - t0
        audio_s += decoded.duration_s
    return {"engine": engine_name, "model": model, "compute": compute, "threads": threads, "load_s": round(load_s, 2),
            "audio_s": round(audio_s, 1), "proc_s": round(proc_s, 1), "rtf": round(proc_s / audio_s, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inbox", type=Path, default=ROOT / "samples" / "inbox")
    ap.add_argument("--models", nargs="+", default=["base", "small"])
    ap.add_argument("--compute", nargs="+", default=["int8", "float32"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--engines", nargs="+", default=["faster-whisper"], help="faster-whisper and/or openai-whisper")
    ap.add_argument("--one", nargs=3, metavar=("ENGINE", "MODEL", "COMPUTE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.inbox, args.one[1], args.one[2], args.threads, args.one[0])))
        return
    print(f"{'engine':<15} {'model':<6} {'compute':<8} {'audio s':>8} {'proc s':>7} {'RTF':>6} {'load s':>6} "
          f"{'peak MB':>8}")
    runs = [(e, m, c) for e in args.engines for m in args.models for c in args.compute
            if e == "faster-whisper" or c == "float32"]  # openai-whisper runs float32 on CPU
    for engine_name, model, compute in runs:
        res = subprocess.run([sys.executable, __file__, "--inbox", str(args.inbox), "--threads", str(args.threads),
                              "--one", engine_name, model, compute], capture_output=True, text=True)
        if res.returncode != 0:
            reason = res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "failed"
            print(f"{engine_name:<15} {model:<6} {compute:<8} unavailable: {reason[:80]}")
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"{r['engine']:<15} {r['model']:<6} {r['compute']:<8} {r['audio_s']:>8} {r['proc_s']:>7} "
              f"{r['rtf']:>6} {r['load_s']:>6} {r['peak_rss_mb']:>8}")

if __name__ == "__main__":
    main()
