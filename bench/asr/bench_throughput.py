"""Nightly-batch throughput: calls transcribed by N workers vs one at a time.

    .venv/bin/python bench/asr/bench_throughput.py [--workers 1 2] [--cores 2] [--calls 6] [--call-s 60]
        [--engine faster-whisper] [--compute int8] [--mode processes threads]

``processes``: N worker processes, one model each. ``threads``: what the nightly flow does — one model
loaded with ``AsrConfig(workers=N)`` (CTranslate2 ``num_workers``) and N threads calling it.

Calls are built from the shared corpus clips (16 kHz, ground truth), glued with 0.8 s of silence into
``--call-s`` second recordings, cycling through the clips until there are ``--calls`` of them. With N
workers each gets ``cores // N`` threads (at least 1), so every row uses the same cores. Wall time
includes each worker loading its model once, as a nightly run would. Reports audio hours per wall hour.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from itertools import cycle
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]

from corpus import SPEECH_ZH, clip_path, load_clips  # noqa: E402

GAP_S = 0.8
_engine = None


def build_calls(n_calls: int, call_s: float) -> list[np.ndarray]:
    from transcripts.audio import SAMPLE_RATE, decode

    clips = [decode(clip_path(c, 16000)).channels[0] for c in load_clips("ground-truth")]
    gap = np.zeros(int(GAP_S * SAMPLE_RATE), dtype=np.float32)
    calls, source = [], cycle(clips)
    for _ in range(n_calls):
        parts: list[np.ndarray] = []
        while sum(len(p) for p in parts) < call_s * SAMPLE_RATE:
            parts += [next(source), gap]
        calls.append(np.concatenate(parts))
    return calls


def _init(engine: str, compute: str, threads: int, workers: int = 1, batch: int = 0) -> None:
    """Load this process's one model (``workers`` > 1: shared by that many threads)."""
    from transcripts.asr.engine import AsrConfig, get_engine

    global _engine
    _engine = get_engine(AsrConfig(engine=engine, compute_type=compute, cpu_threads=threads, workers=workers,
                                   batch_size=batch))


def _transcribe(audio: np.ndarray) -> tuple[int, float]:
    assert _engine is not None
    segments = _engine.transcribe(audio)
    return len(segments), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_threads(workers: int, threads: int, calls: list[np.ndarray], engine: str, compute: str, batch: int = 0,
                ) -> list[tuple[int, float]]:
    from concurrent.futures import ThreadPoolExecutor

    _init(engine, compute, threads, workers, batch)
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(_transcribe, calls))


def run(workers: int, cores: int, calls: list[np.ndarray], engine: str, compute: str, mode: str, batch: int = 0,
        ) -> dict[str, float]:
    threads = max(1, cores // workers)
    t0 = time.perf_counter()
    if mode == "threads":  # in a child process too, so every row starts from a cold model
        with mp.get_context("spawn").Pool(1) as pool:
            results = pool.apply(_in_threads, (workers, threads, calls, engine, compute, batch))
    else:
        init_args = (engine, compute, threads, 1, batch)
        with mp.get_context("spawn").Pool(workers, initializer=_init, initargs=init_args) as pool:
            results = pool.map(_transcribe, calls, chunksize=1)
    wall = time.perf_counter() - t0
    audio_s = sum(len(c) for c in calls) / 16000
    return {"workers": workers, "threads": threads, "audio_s": audio_s, "wall_s": wall,
            "hours_per_hour": audio_s / wall, "peak_rss_mb": max(rss for _, rss in results),
            "segments": sum(n for n, _ in results)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--calls", type=int, default=6)
    ap.add_argument("--call-s", type=float, default=60.0)
    ap.add_argument("--engine", default="faster-whisper")
    ap.add_argument("--compute", default="int8")
    ap.add_argument("--batch", nargs="+", type=int, default=[0], help="batched pipeline sizes (0 = per call)")
    ap.add_argument("--mode", nargs="+", choices=["processes", "threads"], default=["processes", "threads"])
    args = ap.parse_args()
    if not load_clips("ground-truth"):
        print(f"skipped: no speech corpus at {SPEECH_ZH} (set CALLQA_SPEECH_ZH)")
        return 0
    calls = build_calls(args.calls, args.call_s)
    print("| engine | compute | batch | mode | workers × threads | calls | audio min | wall s | audio h / wall h "
          "| segments | peak RSS MB / process |\n|---|---|---|---|---|---|---|---|---|---|---|")
    for mode, n, batch in ((m, n, b) for b in args.batch for m in args.mode for n in args.workers):
        if mode == "threads" and n == 1 and "processes" in args.mode:
            continue  # the same as one process
        r = run(n, args.cores, calls, args.engine, args.compute, mode, batch)
        print(f"| {args.engine} | {args.compute} | {batch or 'per call'} | {mode} | {n} × {r['threads']} "
              f"| {len(calls)} | {r['audio_s'] / 60:.1f} | {r['wall_s']:.1f} | {r['hours_per_hour']:.1f} "
              f"| {r['segments']} | {r['peak_rss_mb']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
