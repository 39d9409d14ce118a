"""Mono speaker separation and role assignment, measured on stereo calls mixed down to mono.

    .venv/bin/python bench/asr/bench_diarization.py [--only NAME ...] [--embedders ge2e logmel text] [--fresh]

Each reference is a two-channel call (one party per channel); the channels are summed to mono, the
mono mix goes through the pipeline's own path (faster-whisper base → ``transcribe.label_mono``), and
the truth for every 10 ms frame is which channel is active (energy ≥ 15 dB over the channel's floor).
Only frames where exactly one channel is active and a hypothesis word covers the frame count:

- voice accuracy: share of frames whose role label matches the truth under the better of the two
  possible agent/customer swaps (separation quality, language-independent);
- role accuracy: the same without the swap (separation and role assignment together);
- coverage: share of single-speaker truth frames that hypothesis words cover at all;
- segments: ASR segments in → utterances out (splits at voice changes);
- seg role acc / mean conf: share of utterances whose role matches the channel that dominates their words,
  beside the mean ``role_confidence`` the pipeline recorded (calibration check);
- path: ``voices`` when two voices were found (with the contrast), else ``text`` (the fallback rules).

Embedders: ``ge2e`` (default pipeline), ``logmel`` (classical: log-mel mean/std per window, the
alternative rejected in D22), ``text`` (no separation: text rules only). ASR output is cached in
``~/.cache/callqa/bench/diarization`` so the embedders share one transcription; ``--fresh`` re-runs and
times it. Third-party audio is read in place (``../shared/data/telephony``); files that are absent are
skipped. Run timing under ``flock /tmp/callqa-bench.lock``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from transcripts.asr.engine import AsrConfig, RawSegment, get_engine  # noqa: E402
from transcripts.audio import decode  # noqa: E402
from transcripts.diarize import VoicedUtterance, separate  # noqa: E402
from transcripts.diarize.encoder import default_embedder  # noqa: E402
from transcripts.diarize.split import split_by_voice  # noqa: E402
from transcripts.diarize.voices import map_voices  # noqa: E402
from transcripts.models import Word  # noqa: E402
from transcripts.roles import roles_by_text, roles_by_voice  # noqa: E402

TELEPHONY = ROOT.parent / "shared" / "data" / "telephony"
CACHE = Path.home() / ".cache" / "callqa" / "bench" / "diarization"
FRAME = 160  # 10 ms at 16 kHz


@dataclass(frozen=True)
class Call:
    name: str
    paths: tuple[Path, ...]
    """One stereo file, or (agent, customer) mono files."""
    agent_channel: int
    language: str


def calls() -> list[Call]:
    lca = TELEPHONY / "aws_lca"
    out = [
        Call("aws_lca/Auto_Repairs_40", (lca / "Auto_Repairs_40_UTC_agent.wav", lca / "Auto_Repairs_40_UTC_caller.wav"),
             0, "en"),
        Call("spokenwoz/MUL1423", (TELEPHONY / "spokenwoz_sample" / "MUL1423.wav",), 1, "en"),
        Call("spokenwoz/SNG0072", (TELEPHONY / "spokenwoz_sample" / "SNG0072.wav",), 1, "en"),
    ]
    out += [Call(f"samples/{p.stem}", (p,), 0, "zh") for p in sorted((ROOT / "samples" / "inbox").glob("*.ogg"))]
    out.append(Call("tests/short_call", (ROOT / "tests" / "data" / "short_call.ogg",), 0, "zh"))
    return [c for c in out if all(p.exists() for p in c.paths)]


def load(call: Call) -> tuple[np.ndarray, np.ndarray]:
    """(agent, customer) channels, 16 kHz, same length."""
    chans = [ch for p in call.paths for ch in decode(p).channels]
    agent, customer = chans[call.agent_channel], chans[1 - call.agent_channel]
    n = min(len(agent), len(customer))
    return agent[:n], customer[:n]


def active(channel: np.ndarray) -> np.ndarray:
    frames = channel[: len(channel) // FRAME * FRAME].reshape(-1, FRAME)
    level = 10 * np.log10(np.mean(np.square(frames, dtype=np.float64), axis=1) + 1e-12)
    return level > max(np.percentile(level, 10) + 15, level.max() - 45)


def transcribe(call: Call, mix: np.ndarray, fresh: bool) -> tuple[list[RawSegment], float | None]:
    """ASR segments of the mix (cached) and the ASR seconds when they were computed now."""
    path = CACHE / f"{call.name.replace('/', '__')}.{call.language}.json"
    if path.exists() and not fresh:
        rows = json.loads(path.read_text())
        return [RawSegment(r["start"], r["end"], r["text"], tuple(Word(**w) for w in r["words"]), tuple(r["flags"]))
                for r in rows], None
    engine = get_engine(AsrConfig(language=call.language))
    t0 = time.perf_counter()
    raws = engine.transcribe(mix)
    elapsed = time.perf_counter() - t0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([{**asdict(r), "words": [w.model_dump() for w in r.words]} for r in raws]))
    return raws, elapsed


class LogMelStats:
    """The classical alternative: mean and standard deviation of log-mel bands per window."""

    name = "logmel-stats"

    def embed(self, mels: np.ndarray) -> np.ndarray:
        logmel = np.log(mels + 1e-6)
        logmel = logmel - logmel.mean(axis=2, keepdims=True)
        stats = np.concatenate([logmel.mean(axis=1), logmel.std(axis=1)], axis=1)
        stats = stats - stats.mean(axis=0, keepdims=True)
        return (stats / np.maximum(np.linalg.norm(stats, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def label(kind: str, mix: np.ndarray, raws: list[RawSegment]) -> tuple[list[tuple[RawSegment, str, float]], str]:
    """(utterance, role, confidence) as the pipeline would make them, and the path taken.

    ``ge2e`` is exactly ``separate`` (with its contrast threshold) and the text fallback; ``logmel`` is forced
    through the two-voice path, because the threshold was set for GE2E scores."""
    if kind == "ge2e":
        embedder = default_embedder()
        if embedder is None:
            raise SystemExit("ge2e: the resemblyzer wheel is not installed (make model)")
        separated = separate(mix, raws, embedder)
        assert separated is not None
        if separated.two_voices:
            return from_voices(list(separated.utterances)), f"voices (contrast {separated.contrast:.1f})"
        path = f"text (contrast {separated.contrast:.1f})"
    elif kind == "logmel":
        voices = map_voices(mix, [(r.start, r.end) for r in raws], LogMelStats())
        return from_voices(split_by_voice(raws, voices)), "voices (forced)"
    else:
        path = "text"
    roles = roles_by_text([r.text for r in raws], [(r.start, r.end) for r in raws])
    return [(r, s, c) for r, (s, c) in zip(raws, roles, strict=True)], path


def from_voices(utterances: list[VoicedUtterance]) -> list[tuple[RawSegment, str, float]]:
    roles = roles_by_voice([u.raw.text for u in utterances], [u.voice for u in utterances],
                           [u.voice_confidence for u in utterances])
    return [(u.raw, s, c) for u, (s, c) in zip(utterances, roles, strict=True)]


def score(labelled: list[tuple[RawSegment, str, float]], truth: np.ndarray) -> dict[str, float]:
    """Frame accuracies; ``truth`` per frame: 0 agent, 1 customer, −1 none or both."""
    hyp = np.full(len(truth), -1)
    seg_ok, conf = [], []
    for raw, role, c in labelled:
        spans = [(w.start, w.end) for w in raw.words] or [(raw.start, raw.end)]
        frames = np.concatenate([np.arange(int(a * 100), min(int(b * 100), len(truth))) for a, b in spans])
        hyp[frames] = 0 if role == "agent" else 1
        ref = truth[frames][truth[frames] >= 0]
        if len(ref):
            seg_ok.append(float(np.mean(ref == hyp[frames[0]]) >= 0.5))
            conf.append(c)
    single = truth >= 0
    scored = single & (hyp >= 0)
    acc = float(np.mean(hyp[scored] == truth[scored])) if scored.any() else float("nan")
    return {"voice_acc": max(acc, 1 - acc), "role_acc": acc, "coverage": float(scored.sum() / max(single.sum(), 1)),
            "seg_role_acc": float(np.mean(seg_ok)) if seg_ok else float("nan"),
            "mean_conf": float(np.mean(conf)) if conf else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="substrings of call names")
    kinds = ["ge2e", "logmel", "text"]
    parser.add_argument("--embedders", nargs="+", default=kinds, choices=kinds)
    parser.add_argument("--fresh", action="store_true", help="re-run and time ASR instead of using the cache")
    args = parser.parse_args()
    selected = [c for c in calls() if not args.only or any(o in c.name for o in args.only)]
    if not selected:
        print("no reference calls found; skipped")
        return
    print("| call | min | embedder | path | voice acc | role acc | coverage | seg role acc | mean conf | segs in→out "
          "| sep s/min | ASR s/min |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for call in selected:
        agent, customer = load(call)
        mix = agent + customer
        ra, rc = active(agent), active(customer)
        truth = np.where(ra & ~rc, 0, np.where(rc & ~ra, 1, -1))
        raws, asr_s = transcribe(call, mix, args.fresh)
        minutes = len(mix) / 16000 / 60
        for kind in args.embedders:
            t0 = time.perf_counter()
            labelled, path = label(kind, mix, raws)
            sep_s = time.perf_counter() - t0
            m = score(labelled, truth)
            asr = f"{asr_s / minutes:.1f}" if asr_s is not None else "cached"
            print(f"| {call.name} | {minutes:.1f} | {kind} | {path} | {m['voice_acc']:.3f} | {m['role_acc']:.3f} | "
                  f"{m['coverage']:.2f} | {m['seg_role_acc']:.3f} | {m['mean_conf']:.2f} | {len(raws)}→{len(labelled)} "
                  f"| {sep_s / minutes:.2f} | {asr} |", flush=True)


if __name__ == "__main__":
    main()
