"""The capacity planner: exact layouts from measured or documented real-time factors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callqa.pipeline.plan import BENCH_CPU_AUDIO_H_PER_H, Basis, basis_for, make_plan, plan_text
from common.errors import ConfigError
from storage.asr_measurements import AsrMeasurement


def _m(rtf: float, day: int, device: str = "cpu") -> AsrMeasurement:
    return AsrMeasurement(audio_s=100.0, processing_s=100.0 * rtf, device=device, engine="faster-whisper",
                          compute_type="int8", measured_at=datetime(2026, 11, day, 2, 30, tzinfo=UTC))


TEN = [_m(r / 10, day) for r, day in zip(range(1, 11), range(20, 30), strict=True)]
BENCH = basis_for([], gpu=False)

# audio h, window h, basis, cores, threads, gpus, gpu → workers, machines, per machine, machine h/h, hours taken
CASES = [
    pytest.param(3000, 8, BENCH, 2, 1, 1, False, 50, 25, 2, 15.2, 7.89, id="issue-night-on-bench-2-cores"),
    pytest.param(3000, 8, BENCH, 16, 1, 1, False, 50, 4, 16, 121.6, 6.17, id="bench-16-core-machines"),
    pytest.param(3000, 8, BENCH, 16, 2, 1, False, 50, 7, 8, 60.8, 7.05, id="two-threads-per-worker"),
    pytest.param(1, 8, BENCH, 2, 1, 1, False, 1, 1, 1 * 2, 15.2, 0.07, id="tiny-night-still-one-machine"),
    pytest.param(100, 10, basis_for(TEN, gpu=False), 8, 1, 1, False, 9, 2, 8, 8.89, 5.62, id="measured-p90"),
    pytest.param(3000, 8, basis_for([], gpu=True), 2, 1, 1, True, 8, 8, 1, 50.0, 7.5, id="gpu-assumed"),
    pytest.param(3000, 8, basis_for([], gpu=True), 2, 1, 4, True, 8, 2, 4, 200.0, 7.5, id="gpu-4-per-machine"),
]


@pytest.mark.parametrize(("audio", "window", "basis", "cores", "threads", "gpus", "gpu", "workers", "machines",
                          "per_machine", "machine_rate", "hours"), CASES)
def test_plan_table(audio: float, window: float, basis: Basis, cores: int, threads: int, gpus: int, gpu: bool,
                    workers: int, machines: int, per_machine: int, machine_rate: float, hours: float) -> None:
    plan = make_plan(audio, window, basis, cores_per_machine=cores, threads_per_worker=threads,
                     gpus_per_machine=gpus, gpu=gpu)
    assert (plan.workers, plan.machines, plan.workers_per_machine) == (workers, machines, per_machine)
    assert plan.machine_audio_h_per_h == machine_rate
    assert plan.hours_needed_on_plan == hours <= window


def test_bench_fallback_is_the_readme_figure() -> None:
    assert BENCH.source == "bench" and BENCH.n == 0
    assert 2 / BENCH.rtf == pytest.approx(BENCH_CPU_AUDIO_H_PER_H)
    text = plan_text(make_plan(3000, 8, BENCH, cores_per_machine=2))
    assert "no transcripts with ASR timings in the database: bench figure 15.2 audio h per wall h" in text
    assert "machines                    25" in text


def test_measured_basis_says_what_it_rests_on() -> None:
    basis = basis_for([*TEN, _m(0.01, 29, device="cuda")], gpu=False)  # the GPU row is not a CPU measurement
    assert (basis.source, basis.n, basis.first, basis.last) == ("measured", 10, "2026-11-20", "2026-11-29")
    assert basis.median_rtf == pytest.approx(0.55) and basis.p90_rtf == pytest.approx(0.9) == basis.rtf
    assert basis.engines == ("faster-whisper int8 cpu",)
    text = plan_text(make_plan(100, 10, basis, cores_per_machine=8))
    assert "10 transcripts 2026-11-20 – 2026-11-29, median RTF 0.5500, p90 RTF 0.9000; faster-whisper int8 cpu" in text


def test_gpu_measurements_replace_the_assumption() -> None:
    assumed = basis_for(TEN, gpu=True)
    assert assumed.source == "assumed" and "not measured" in assumed.note
    measured = basis_for([*TEN, _m(0.01, 28, "cuda"), _m(0.03, 29, "cuda")], gpu=True)
    assert (measured.source, measured.n, measured.rtf) == ("measured", 2, 0.03)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"audio_hours": 0}, "--audio-hours: must be a finite number of hours > 0, got 0"),
    ({"window_hours": float("inf")}, "--window-hours: must be a finite number of hours > 0, got inf"),
    ({"cores_per_machine": 0}, "--cores: must be a whole number ≥ 1, got 0"),
    ({"threads_per_worker": 4, "cores_per_machine": 2}, "--threads: 4 threads per worker do not fit 2 cores"),
])
def test_impossible_requests_name_the_flag(kwargs: dict[str, float], message: str) -> None:
    args = {"audio_hours": 10.0, "window_hours": 8.0, "cores_per_machine": 2, **kwargs}
    with pytest.raises(ConfigError) as err:
        make_plan(args.pop("audio_hours"), args.pop("window_hours"), BENCH, **args)  # type: ignore[arg-type]
    assert message in err.value.message
