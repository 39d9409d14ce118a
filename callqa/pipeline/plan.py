"""Capacity planning: how many decoding workers and machines a night of H audio hours needs in W wall hours.

A decoding worker is one call being transcribed at a time (``CALLQA_ASR_WORKERS`` of them per process, each
on ``CALLQA_ASR_THREADS`` cores; on a GPU one worker per GPU). Its speed is the real-time factor (RTF,
processing seconds per audio second) measured on stored transcripts, sized at the p90 so a night of slow
calls still fits (decisions D97). Without measurements the documented bench figures stand in and the plan
says so.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass
from typing import Any

from common.errors import ConfigError
from storage.asr_measurements import AsrMeasurement

BENCH_CPU_AUDIO_H_PER_H = 15.2
"""bench/asr/README.md: 2 threads × 1 core sharing one model, faster-whisper int8, VAD on, 2 cores."""
BENCH_CPU_CORES = 2
GPU_ASSUMED_RTF = 0.02
"""Assumption, not measured here (decisions D98): Whisper base on one data-centre GPU, float16, one stream."""


@dataclass(frozen=True)
class Basis:
    """What the RTF comes from: stored transcripts (``measured``) or a documented figure (``bench`` / ``assumed``)."""

    source: str
    rtf: float
    """The RTF the plan sizes with (p90 of the measurements, or the documented figure)."""
    n: int = 0
    median_rtf: float | None = None
    p90_rtf: float | None = None
    first: str | None = None
    last: str | None = None
    engines: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Plan:
    audio_hours: float
    window_hours: float
    device: str
    cores_per_machine: int
    threads_per_worker: int
    workers_per_machine: int
    workers: int
    machines: int
    worker_audio_h_per_h: float
    """Audio hours one decoding worker gets through per wall hour (1 / RTF)."""
    machine_audio_h_per_h: float
    hours_needed_on_plan: float
    """Wall hours the night takes on the planned machines (≤ the window)."""
    basis: Basis

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]  # nearest rank


def basis_for(measurements: list[AsrMeasurement], gpu: bool) -> Basis:
    """The measurements of the device asked for, else the documented figure for it."""
    device_ok = (lambda m: m.device.startswith("cuda")) if gpu else (lambda m: not m.device.startswith("cuda"))
    chosen = [m for m in measurements if device_ok(m)]
    if not chosen:
        if gpu:
            return Basis("assumed", GPU_ASSUMED_RTF, note=f"no GPU transcripts in the database: assumed GPU RTF "
                         f"{GPU_ASSUMED_RTF} per GPU (README, decisions D98; not measured)")
        rtf = BENCH_CPU_CORES / BENCH_CPU_AUDIO_H_PER_H
        return Basis("bench", rtf, note=f"no transcripts with ASR timings in the database: bench figure "
                     f"{BENCH_CPU_AUDIO_H_PER_H} audio h per wall h on {BENCH_CPU_CORES} cores (bench/asr/README.md)")
    rtfs = [m.rtf for m in chosen]
    engines = sorted({f"{m.engine} {m.compute_type} {m.device}" for m in chosen})
    return Basis("measured", _p90(rtfs), n=len(chosen), median_rtf=statistics.median(rtfs), p90_rtf=_p90(rtfs),
                 first=chosen[0].measured_at.date().isoformat(), last=chosen[-1].measured_at.date().isoformat(),
                 engines=tuple(engines))


def check_request(audio_hours: float, window_hours: float, *, cores_per_machine: int, threads_per_worker: int,
                  gpus_per_machine: int, gpu: bool) -> None:
    """Refuse a request that cannot be planned, naming the flag (before any database is opened)."""
    for name, value in (("--audio-hours", audio_hours), ("--window-hours", window_hours)):
        if not (value > 0 and math.isfinite(value)):
            raise ConfigError(name, f"must be a finite number of hours > 0, got {value}", "e.g. --audio-hours 3000")
    counts = (("--cores", cores_per_machine), ("--threads", threads_per_worker), ("--gpus", gpus_per_machine))
    for name, count in counts:
        if count < 1:
            raise ConfigError(name, f"must be a whole number ≥ 1, got {count}", "give a positive count")
    if not gpu and threads_per_worker > cores_per_machine:
        raise ConfigError("--threads", f"{threads_per_worker} threads per worker do not fit {cores_per_machine} "
                          "cores per machine", "lower --threads or raise --cores")


def make_plan(audio_hours: float, window_hours: float, basis: Basis, *, cores_per_machine: int,
              threads_per_worker: int = 1, gpus_per_machine: int = 1, gpu: bool = False) -> Plan:
    check_request(audio_hours, window_hours, cores_per_machine=cores_per_machine,
                  threads_per_worker=threads_per_worker, gpus_per_machine=gpus_per_machine, gpu=gpu)
    per_machine = gpus_per_machine if gpu else cores_per_machine // threads_per_worker
    workers = math.ceil(audio_hours * basis.rtf / window_hours - 1e-9)
    machines = math.ceil(workers / per_machine)
    worker_rate = 1 / basis.rtf
    return Plan(audio_hours=audio_hours, window_hours=window_hours, device="gpu" if gpu else "cpu",
                cores_per_machine=cores_per_machine, threads_per_worker=threads_per_worker,
                workers_per_machine=per_machine, workers=workers, machines=machines,
                worker_audio_h_per_h=round(worker_rate, 2), machine_audio_h_per_h=round(worker_rate * per_machine, 2),
                hours_needed_on_plan=round(audio_hours * basis.rtf / (machines * per_machine), 2), basis=basis)


def plan_text(plan: Plan) -> str:
    """The plan as an operator reads it: the layout, then what it rests on."""
    b = plan.basis
    unit = "GPU" if plan.device == "gpu" else f"{plan.threads_per_worker} core(s)"
    per = "GPUs" if plan.device == "gpu" else "cores"
    size = plan.workers_per_machine if plan.device == "gpu" else plan.cores_per_machine
    lines = [
        f"night: {plan.audio_hours:g} audio hours in a {plan.window_hours:g} h window ({plan.device})",
        f"{'decoding workers':<28}{plan.workers}  (one call at a time each, on {unit}; "
        f"{plan.worker_audio_h_per_h:g} audio h per wall h each)",
        f"{'machines':<28}{plan.machines}  ({size} {per} each, {plan.workers_per_machine} workers each, "
        f"{plan.machine_audio_h_per_h:g} audio h per wall h each)",
        f"{'Prefect workers':<28}{plan.machines}  (one per machine, CALLQA_ASR_WORKERS={plan.workers_per_machine})",
        f"{'or Dask workers':<28}{plan.machines}  (one per machine, --nthreads {plan.workers_per_machine}, "
        "one model each)",
        f"{'night takes':<28}{plan.hours_needed_on_plan:g} h on these machines",
        f"based on: {b.source}, sized at RTF {b.rtf:.4f}",
    ]
    if b.source == "measured":
        lines.append(f"  {b.n} transcripts {b.first} – {b.last}, median RTF {b.median_rtf:.4f}, "
                     f"p90 RTF {b.p90_rtf:.4f}; {', '.join(b.engines)}")
    else:
        lines.append(f"  {b.note}")
    return "\n".join(lines)
