"""Segment timing and pause splitting measured against designed timelines.

    PYTHONPATH=$PWD .venv/bin/python bench/e2e/bench_segments.py [--set samples|e2e] [--batch 8] [--rate 16000]

Decodes every channel of the calls once with the production engine (faster-whisper base int8, VAD on;
``--batch`` as ``CALLQA_ASR_BATCH``; ``--rate 8000`` decodes the 8 kHz copies) and caches the raw segments in
``bench/e2e/.cache/segments-<set>-<rate>-b<batch>.json``. Then, against each designed turn's voiced span
(``speech_start``/``speech_end`` of the manifest):

- start/end error of the segment that begins/ends the turn, as the recogniser gives it and after
  ``transcripts.asr.trim`` (energy trimming of VAD padding);
- every gap between consecutive words of a channel, labelled *within a turn* or *between two turns of the
  same speaker*, and the errors a split threshold makes (a within-turn gap at or above it splits a sentence;
  a between-turn gap below it leaves two turns merged) for thresholds 0.3–1.5 s.

``samples`` = the bundled samples (samples/manifest.json, tuning set); ``e2e`` = the benchmark calls (held out).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from itertools import pairwise
from pathlib import Path

from transcripts.asr.engine import AsrConfig, CallHints, get_engine
from transcripts.asr.types import RawSegment
from transcripts.audio import decode
from transcripts.models import Word

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(__file__).with_name(".cache")


def sources(which: str, rate: int) -> list[tuple[Path, dict]]:
    if which == "samples":
        manifest = json.loads((ROOT / "samples" / "manifest.json").read_text(encoding="utf-8"))
        inbox = ROOT / "samples" / "inbox"
        return [(inbox / f"{cid}.ogg", e) for cid, e in manifest.items() if e["channel"] == "phone"]
    manifest = json.loads((CACHE / "manifest.json").read_text(encoding="utf-8"))
    folder, ext = (CACHE / "audio16k", ".ogg") if rate == 16000 else (CACHE / "audio8k", ".wav")
    return [(folder / f"{cid}{ext}", e) for cid, e in manifest.items()]


def decode_all(which: str, rate: int, batch: int) -> dict[str, list[list[dict]]]:
    out_path = CACHE / f"segments-{which}-{rate}-b{batch}.json"
    if out_path.exists():
        return json.loads(out_path.read_text(encoding="utf-8"))
    engine = get_engine(AsrConfig(batch_size=batch, cpu_threads=2))
    out: dict[str, list[list[dict]]] = {}
    for path, entry in sources(which, rate):
        decoded = decode(path)
        hints = CallHints(narrowband=decoded.source_rate <= 8000)
        out[entry["call_id"]] = []
        for samples in decoded.channels:
            out[entry["call_id"]].append([{"raw": _dump(r)} for r in engine.transcribe(samples, hints)])
        print(f"{path.name}: decoded", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def processed(decoded: dict, paths: dict[str, Path]) -> dict:
    """Per call and channel: ``raw`` (cached decoder output) and ``trimmed`` (``transcripts.asr.trim``, as
    transcription stores them), from the recordings' energy."""
    from transcripts.asr.trim import trim_segment
    from transcripts.energy import voiced_frames

    out: dict[str, list[dict[str, list[dict]]]] = {}
    for cid, channels in decoded.items():
        out[cid] = []
        for samples, segs in zip(decode(paths[cid]).channels, channels, strict=True):
            voiced = voiced_frames(samples)
            raws = [RawSegment(start=s["raw"]["start"], end=s["raw"]["end"], text=s["raw"]["text"],
                               words=tuple(Word.model_validate(w) for w in s["raw"]["words"])) for s in segs]
            trimmed = [_dump(trim_segment(r, voiced)) for r in raws]
            out[cid].append({"raw": [_dump(r) for r in raws], "trimmed": trimmed})
    return out


def merges_and_splits(data: dict, manifests: dict, key: str) -> tuple[int, int]:
    """(sentences spanning two designed turns of one speaker, designed turns cut into several sentences)."""
    merged = split = 0
    for cid, channels in data.items():
        turns = manifests[cid]["turns"]
        for ch, versions in enumerate(channels):
            segs, mine = versions[key], [t for t in turns if t["channel"] == ch]

            def overlaps(seg: dict, turn: dict) -> bool:
                return min(seg["end"], turn["speech_end"]) - max(seg["start"], turn["speech_start"]) > 0.1

            merged += sum(sum(overlaps(sg, t) for t in mine) > 1 for sg in segs)
            split += sum(sum(overlaps(sg, t) for sg in segs) > 1 for t in mine)
    return merged, split


def _dump(r: RawSegment) -> dict:
    return {"start": r.start, "end": r.end, "text": r.text, "words": [w.model_dump() for w in r.words]}


def timing_errors(decoded: dict, manifests: dict, key: str) -> tuple[list[float], list[float]]:
    starts, ends = [], []
    for cid, channels in decoded.items():
        for turn in manifests[cid]["turns"]:
            segs = [s for s in channels[turn["channel"]][key]
                    if s["end"] > turn["speech_start"] and s["start"] < turn["speech_end"]]
            if not segs:
                continue
            first, last = min(segs, key=lambda s: s["start"]), max(segs, key=lambda s: s["end"])
            if abs(first["start"] - turn["speech_start"]) < 1.5:
                starts.append(first["start"] - turn["speech_start"])
            if abs(last["end"] - turn["speech_end"]) < 1.5:
                ends.append(last["end"] - turn["speech_end"])
    return starts, ends


def labelled_gaps(decoded: dict, manifests: dict) -> tuple[list[float], list[float]]:
    """(within-turn gaps, between-same-speaker-turn gaps) between consecutive words of one channel."""
    within, between = [], []
    for cid, channels in decoded.items():
        turns = manifests[cid]["turns"]
        for ch, segs in enumerate(channels):
            words = sorted((Word.model_validate(w) for s in segs["raw"] for w in s["words"]), key=lambda w: w.start)
            mine = [t for t in turns if t["channel"] == ch]
            for a, b in pairwise(words):
                same = _turn_of(a, mine) == _turn_of(b, mine)
                (within if same else between).append(round(b.start - a.end, 2))
    return within, between


def _turn_of(word: Word, turns: list[dict]) -> int:
    """Index of the designed turn nearest to the word's middle."""
    mid = (word.start + word.end) / 2
    return min(range(len(turns)), key=lambda i: max(turns[i]["speech_start"] - mid, mid - turns[i]["speech_end"], 0))


def summary(xs: list[float]) -> str:
    if not xs:
        return "n=0"
    q = statistics.quantiles(xs, n=10) if len(xs) > 1 else [xs[0]] * 9
    return (f"n={len(xs)} median {statistics.median(xs):+.2f} mean {statistics.mean(xs):+.2f} "
            f"p10 {q[0]:+.2f} p90 {q[8]:+.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("samples", "e2e"), default="samples")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--rate", type=int, choices=(16000, 8000), default=16000)
    args = ap.parse_args()
    manifests = {e["call_id"]: e for _, e in sources(args.set, args.rate)}
    paths = {e["call_id"]: p for p, e in sources(args.set, args.rate)}
    decoded = decode_all(args.set, args.rate, args.batch)
    data = processed(decoded, paths)
    for key in ("raw", "trimmed"):
        starts, ends = timing_errors(data, manifests, key)
        merged, split = merges_and_splits(data, manifests, key)
        print(f"{key:8} start − voice start: {summary(starts)}")
        print(f"{key:8} end − voice end:     {summary(ends)}")
        print(f"{key:8} sentences over two turns of one speaker: {merged}; turns cut in several: {split}")
    within, between = labelled_gaps(data, manifests)
    print(f"word gaps within a turn: {summary(within)}; between same-speaker turns: {summary(between)}")
    print("split threshold: within-turn gaps ≥ it (false splits) / same-speaker turn gaps < it (merges)")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.5):
        print(f"  {t:.1f} s: {sum(g >= t for g in within):3d} / {sum(g < t for g in between):3d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
