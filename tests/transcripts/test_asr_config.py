"""ASR settings from the environment and the fingerprint that keys the transcription cache."""

from __future__ import annotations

import pytest

from callqa.config import asr_config_from_env
from common.errors import ConfigError
from transcripts.asr.engine import AsrConfig


def test_defaults_two_workers_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CALLQA_ASR_WORKERS", "CALLQA_ASR_THREADS", "CALLQA_ASR_ENGINE", "CALLQA_ASR_COMPUTE"):
        monkeypatch.delenv(name, raising=False)
    config = asr_config_from_env()
    assert (config.workers, config.cpu_threads, config.engine, config.compute_type) == (2, 1, "faster-whisper", "int8")


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_bad_worker_count_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CALLQA_ASR_WORKERS", value)
    with pytest.raises(ConfigError) as err:
        asr_config_from_env()
    assert "CALLQA_ASR_WORKERS" in str(err.value) and "≥ 1" in str(err.value)


def test_speed_options_do_not_change_the_fingerprint() -> None:
    base = AsrConfig()
    assert AsrConfig(workers=4, cpu_threads=3).fingerprint() == base.fingerprint()
    for changed in (AsrConfig(compute_type="float32"), AsrConfig(vad=False), AsrConfig(beam_size=1),
                    AsrConfig(engine="openai-whisper"), AsrConfig(language="en")):
        assert changed.fingerprint() != base.fingerprint()


def test_batch_size_is_in_the_fingerprint_only_when_on(monkeypatch: pytest.MonkeyPatch) -> None:
    base = AsrConfig()
    assert AsrConfig(batch_size=0).fingerprint() == base.fingerprint()  # per-call caches stay valid
    assert AsrConfig(batch_size=8).fingerprint() != base.fingerprint() != AsrConfig(batch_size=16).fingerprint()
    monkeypatch.setenv("CALLQA_ASR_BATCH", "8")
    assert asr_config_from_env().batch_size == 8
    monkeypatch.setenv("CALLQA_ASR_BATCH", "eight")
    with pytest.raises(ConfigError) as err:
        asr_config_from_env()
    assert "CALLQA_ASR_BATCH: must be a whole number ≥ 0, got 'eight'" in err.value.message


@pytest.mark.parametrize(("config", "narrowband", "expected"), [
    (AsrConfig(batch_size=8), False, 8),
    (AsrConfig(batch_size=8), True, None),  # telephone band: per call (batched CER +0.016 at 8 kHz, D96)
    (AsrConfig(batch_size=8, vad=False), False, None),  # the batched pipeline needs VAD chunks
    (AsrConfig(batch_size=8, engine="openai-whisper"), False, None),
    (AsrConfig(batch_size=0), False, None),
])
def test_which_recordings_are_decoded_batched(config: AsrConfig, narrowband: bool, expected: int | None) -> None:
    from transcripts.asr.types import CallHints

    assert CallHints(narrowband=narrowband).batch_size(config) == expected
