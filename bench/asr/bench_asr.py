"""ASR accuracy and speed on the shared Mandarin corpus: engine × compute type × VAD × sample rate.

    .venv/bin/python bench/asr/bench_asr.py [--limit N] [--refs ground-truth|all] [--rates 16000 8000]
        [--engines faster-whisper openai-whisper] [--vad on off] [--beam 5] [--threads 2] [--batch 0 8]
        [--json OUT]

Every configuration runs in its own fresh process, one after the other, so its peak RSS (``ru_maxrss``)
is its own and all rows share the machine state of one run (fair ratios). Per clip the time counts
decoding the file and transcription (VAD, features, decoding, word alignment); model load is reported
apart. CER is corpus-level (edits / reference characters) after NFKC, OpenCC t2s, cn2an numerals and
punctuation removal on both sides (``corpus.normalise``). The 8 kHz rows use G.711-like copies of the
same clips (``corpus.clip_path``). ``--batch N`` (faster-whisper, VAD on) decodes with
``AsrConfig(batch_size=N)``: the batched pipeline over VAD chunks; 0 is per-call decoding. Prints a Markdown
table; skips cleanly when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]

from corpus import SPEECH_ZH, cer, clip_path, load_clips  # noqa: E402

COMPUTE = {"faster-whisper": ("int8", "float32"), "openai-whisper": ("float32",)}
"""openai-whisper has no int8 path; on CPU it runs float32."""


def run_config(engine: str, compute: str, vad: bool, rate: int, args: argparse.Namespace, batch: int = 0,
               ) -> dict[str, Any]:
    """One configuration over the clips, in this process. Returns timings, peak RSS and every hypothesis."""
    from transcripts.asr.engine import AsrConfig, CallHints, get_engine
    from transcripts.audio import decode
    from transcripts.transcribe import is_narrowband

    clips = load_clips(args.refs, args.limit)
    paths = [clip_path(c, rate) for c in clips]  # make 8 kHz copies before the clock starts
    t0 = time.perf_counter()
    narrowband_vad = {"vad_threshold_narrowband": args.vad_8k} if args.vad_8k is not None else {}
    asr = get_engine(AsrConfig(engine=engine, compute_type=compute, vad=vad, beam_size=args.beam,
                               cpu_threads=args.threads, batch_size=batch, **narrowband_vad))
    load_s = time.perf_counter() - t0
    rows = []
    for clip, path in zip(clips, paths, strict=True):
        t = time.perf_counter()
        audio = decode(path)
        hints = CallHints(narrowband=is_narrowband(audio.source_rate))  # as transcribe_recording does
        text = "".join(s.text for ch in audio.channels for s in asr.transcribe(ch, hints))
        rows.append({"clip": clip.rel, "ref": clip.reference, "hyp": text, "audio_s": audio.duration_s,
                     "proc_s": time.perf_counter() - t})
    info = asr.describe()
    return {"engine": engine, "compute": info.compute_type, "vad": vad, "rate": rate, "load_s": load_s,
            "batch": info.batch_size or 0, "threads": args.threads,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "clips": rows}


def summarise(run: dict[str, Any]) -> dict[str, Any]:
    rows = run["clips"]
    audio_s, proc_s = sum(r["audio_s"] for r in rows), sum(r["proc_s"] for r in rows)
    return {**run, "n": len(rows), "audio_s": audio_s, "proc_s": proc_s, "rtf": proc_s / audio_s if audio_s else 0.0,
            "cer": cer([(r["ref"], r["hyp"]) for r in rows])}


def markdown(results: list[dict[str, Any]]) -> str:
    """One row per configuration; 'speed ×' is openai-whisper's RTF over this row's, same VAD and rate."""
    ref_rtf = {(r["vad"], r["rate"]): r["rtf"] for r in results if r["engine"] == "openai-whisper"}
    lines = ["| engine | compute | batch | threads | VAD | audio | clips | audio s | CER | RTF | speed × | load s "
             "| peak RSS MB |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        base = ref_rtf.get((r["vad"], r["rate"]))
        speed = f"{base / r['rtf']:.2f}" if base and r["rtf"] else "–"
        lines.append(f"| {r['engine']} | {r['compute']} | {r['batch'] or 'per call'} | {r['threads']} "
                     f"| {'on' if r['vad'] else 'off'} | {int(r['rate']) // 1000} kHz"
                     f" | {r['n']} | {r['audio_s']:.1f} | {r['cer']:.3f} | {r['rtf']:.3f} | {speed} "
                     f"| {r['load_s']:.1f} | {r['peak_rss_mb']:.0f} |")
    return "\n".join(lines)


def _batches(engine: str, vad: str, sizes: list[int]) -> list[int]:
    """Batch sizes that mean something for this row: the batched pipeline is faster-whisper's, over VAD chunks."""
    return sizes if engine == "faster-whisper" and vad == "on" else [0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N clips only (default: all)")
    ap.add_argument("--refs", choices=("ground-truth", "all"), default="ground-truth",
                    help="ground-truth: corpus/publisher ground truth only; all: every Mandarin clip")
    ap.add_argument("--engines", nargs="+", default=list(COMPUTE), choices=list(COMPUTE))
    ap.add_argument("--compute", nargs="+", default=["int8", "float32"], help="compute types to include")
    ap.add_argument("--vad", nargs="+", default=["on", "off"], choices=("on", "off"))
    ap.add_argument("--rates", nargs="+", type=int, default=[16000, 8000], choices=(16000, 8000))
    ap.add_argument("--beam", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--vad-8k", type=float, default=None,
                    help="VAD threshold for 8 kHz audio (default: AsrConfig.vad_threshold_narrowband)")
    ap.add_argument("--batch", nargs="+", type=int, default=[0],
                    help="faster-whisper batched pipeline sizes to include (0 = per-call decoding)")
    ap.add_argument("--json", type=Path, help="also write every run with its hypotheses here")
    ap.add_argument("--one", nargs=5, metavar=("ENGINE", "COMPUTE", "VAD", "RATE", "BATCH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        engine, compute, vad, rate, batch = args.one
        print(json.dumps(run_config(engine, compute, vad == "on", int(rate), args, int(batch)), ensure_ascii=False))
        return 0
    clips = load_clips(args.refs, args.limit)
    if not clips:
        print(f"skipped: no speech corpus at {SPEECH_ZH} (set CALLQA_SPEECH_ZH)")
        return 0
    print(f"{len(clips)} clips, {sum(c.duration_s for c in clips):.1f} s", file=sys.stderr)
    results = []
    for engine in args.engines:
        for compute in (c for c in COMPUTE[engine] if c in args.compute):
            for vad in args.vad:
                for rate, batch in ((r, b) for r in args.rates for b in _batches(engine, vad, args.batch)):
                    cmd = [sys.executable, __file__, "--one", engine, compute, vad, str(rate), str(batch),
                           "--refs", args.refs, "--beam", str(args.beam), "--threads", str(args.threads)]
                    cmd += ["--limit", str(args.limit)] if args.limit else []
                    cmd += ["--vad-8k", str(args.vad_8k)] if args.vad_8k is not None else []
                    t = time.perf_counter()
                    proc = subprocess.run(cmd, capture_output=True, text=True)
                    if proc.returncode != 0:
                        tail = proc.stderr.strip().splitlines()[-1:] or ["failed"]
                        print(f"{engine} {compute} vad={vad} {rate} batch={batch}: unavailable: {tail[0][:120]}",
                              file=sys.stderr)
                        continue
                    results.append(summarise(json.loads(proc.stdout.strip().splitlines()[-1])))
                    r = results[-1]
                    print(f"{engine} {compute} vad={vad} {rate} batch={batch}: CER {r['cer']:.3f} RTF {r['rtf']:.3f} "
                          f"({time.perf_counter() - t:.0f} s)", file=sys.stderr, flush=True)
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
