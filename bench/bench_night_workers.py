"""The same night with 1 and 2 workers: audio hours per wall hour, and the ratio.

Workers are separate `callqa run` processes over one inbox and one database (work sharing by leases,
issue 15), or one run with transcription on a local Dask cluster of N workers (`--dask`). Each worker
decodes with one thread, so N workers use N cores. The inbox is the bundled sample calls (samples/inbox,
recordings only), copied under new call ids `--copies` times, so nothing is served from the cache.

    .venv/bin/python bench/bench_night_workers.py [--copies 2] [--mode processes|dask] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transcripts.audio import decode  # noqa: E402


def build_inbox(folder: Path, copies: int) -> float:
    """Recordings and sidecars of samples/inbox under new call ids; returns the audio seconds."""
    folder.mkdir(parents=True)
    seconds = 0.0
    for copy in range(copies):
        for audio in sorted((REPO / "samples" / "inbox").glob("*.ogg")):
            call_id = f"{audio.stem}-B{copy}"
            shutil.copy(audio, folder / f"{call_id}.ogg")
            side = json.loads(audio.with_suffix(".json").read_text(encoding="utf-8"))
            side["call_id"] = call_id
            (folder / f"{call_id}.json").write_text(json.dumps(side, ensure_ascii=False), encoding="utf-8")
            seconds += decode(audio).duration_s
    return seconds


def _env(work: Path, name: str, db: str) -> dict[str, str]:
    home = work / f"prefect-{name}"
    home.mkdir(exist_ok=True)
    return {**os.environ, "PREFECT_HOME": str(home), "CALLQA_DB_URL": db, "CALLQA_KEY_FILE": str(work / "k.key"),
            "CALLQA_ASR_WORKERS": "1", "CALLQA_ASR_THREADS": "1", "CALLQA_MEDIA_DIR": str(work / "media")}


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def night_processes(work: Path, inbox: Path, workers: int) -> float:
    db = f"sqlite:///{work / f'p{workers}.db'}"
    cli = [sys.executable, "-m", "callqa.cli", "run", "--inbox", str(inbox)]
    t0 = time.perf_counter()
    procs = [_run(cli, _env(work, f"p{workers}-{n}", db)) for n in range(workers)]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(err.decode()[-2000:])
    return time.perf_counter() - t0


def night_dask(work: Path, inbox: Path, workers: int) -> float:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    cluster = [_run([sys.executable, "-m", "dask", "scheduler", "--port", str(port), "--no-dashboard"], env)]
    cluster += [_run([sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--no-dashboard"], env)
                for _ in range(workers)]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    try:
        db = f"sqlite:///{work / f'd{workers}.db'}"
        env_run = {**_env(work, f"d{workers}", db), "CALLQA_ASR_WORKERS": str(workers)}
        t0 = time.perf_counter()
        proc = _run([sys.executable, "-m", "callqa.cli", "run", "--inbox", str(inbox), "--dask", address], env_run)
        _, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(err.decode()[-2000:])
        return time.perf_counter() - t0
    finally:
        for p in cluster:
            p.terminate()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=2)
    ap.add_argument("--mode", choices=("processes", "dask"), default="processes")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-night-"))
    rows = []
    for n in args.workers:
        inbox = work / f"inbox-{n}"
        audio_s = build_inbox(inbox, args.copies)
        wall = (night_processes if args.mode == "processes" else night_dask)(work, inbox, n)
        rows.append((n, audio_s, wall, audio_s / wall))
        print(f"{args.mode} × {n}: {audio_s / 3600:.3f} audio h in {wall:.0f} s wall = "
              f"{audio_s / wall:.1f} audio h per wall h (incl. Prefect start-up)", flush=True)
    if len(rows) > 1:
        print(f"ratio {rows[-1][0]} vs {rows[0][0]} workers: {rows[-1][3] / rows[0][3]:.2f}×")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
