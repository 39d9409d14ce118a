"""Run configuration: typed, from CLI flags and ``CALLQA_*`` environment variables, with defaults.

| setting | variable | default |
|---|---|---|
| database URL | ``CALLQA_DB_URL`` | ``sqlite:///callqa.db`` |
| HMAC key file | ``CALLQA_KEY_FILE`` | ``.callqa/hmac.key`` |
| ASR engine | ``CALLQA_ASR_ENGINE`` | faster-whisper |
| ASR model size | ``CALLQA_ASR_MODEL`` | base |
| ASR compute type | ``CALLQA_ASR_COMPUTE`` | int8 |
| ASR threads per worker | ``CALLQA_ASR_THREADS`` | 1 |
| calls transcribed at the same time | ``CALLQA_ASR_WORKERS`` | 2 |
| hot words per queue | ``CALLQA_HOTWORDS`` | ``rubrics/hotwords.yaml`` (off unless ``enabled: true``) |
| rubric | ``CALLQA_RUBRIC`` | ``rubrics/routing.yaml`` (queue → rubric) |
| redacted recordings | ``CALLQA_MEDIA_DIR`` | ``.callqa/media`` |
| audio masking | ``CALLQA_AUDIO_MASK`` | silence (or tone) |
| name search depth (read by the detector registry) | ``CALLQA_NAME_SEARCH`` | thorough (or fast, exhaustive) |
| originals leave the inbox after N days | ``CALLQA_RETENTION_DAYS`` | unset: kept |
| … by being | ``CALLQA_RETENTION_ACTION`` | archive (``inbox/archive/<date>/``) or delete |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from callqa.pipeline.retention import RetentionPolicy
from common.keys import KeyedHasher, load_or_create_key
from storage.db import resolve_url
from storage.queue import QueueSettings
from transcripts.asr.engine import AsrConfig
from transcripts.hotwords import HotwordBook, load_hotwords


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        from common.errors import ConfigError

        raise ConfigError(name, f"must be a whole number ≥ 1, got {raw!r}", f"set e.g. {name}={default}")
    return int(raw)


def asr_config_from_env() -> AsrConfig:
    env = os.environ
    return AsrConfig(
        engine=env.get("CALLQA_ASR_ENGINE", "faster-whisper"),
        model=env.get("CALLQA_ASR_MODEL", "base"),
        device=env.get("CALLQA_ASR_DEVICE", "cpu"),
        compute_type=env.get("CALLQA_ASR_COMPUTE", "int8"),
        cpu_threads=_positive(env, "CALLQA_ASR_THREADS", 1),
        workers=_positive(env, "CALLQA_ASR_WORKERS", 2),
    )


@dataclass(frozen=True)
class Settings:
    db_url: str
    key_file: Path
    rubric: Path | None = None
    asr: AsrConfig = field(default_factory=AsrConfig)
    queue: QueueSettings = field(default_factory=QueueSettings)
    media_dir: Path = Path(".callqa/media")
    audio_mask: str = "silence"
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    hotwords: HotwordBook = field(default_factory=HotwordBook)

    @classmethod
    def load(cls, db: str | None = None, rubric: str | None = None) -> Settings:
        rubric_path = rubric or os.environ.get("CALLQA_RUBRIC")
        return cls(
            db_url=resolve_url(db),
            key_file=Path(os.environ.get("CALLQA_KEY_FILE", ".callqa/hmac.key")),
            rubric=Path(rubric_path) if rubric_path else None,
            asr=asr_config_from_env(),
            media_dir=Path(os.environ.get("CALLQA_MEDIA_DIR", ".callqa/media")),
            audio_mask=os.environ.get("CALLQA_AUDIO_MASK", "silence"),
            retention=RetentionPolicy.from_env(),
            hotwords=load_hotwords(),
        )

    def hasher(self) -> KeyedHasher:
        return load_or_create_key(self.key_file)


@dataclass(frozen=True)
class AlertSettings:
    """Where alerts go: a routing file (``CALLQA_ALERT_ROUTES``) and/or one catch-all robot webhook
    (``CALLQA_ALERT_WEBHOOK``, format ``CALLQA_ALERT_FORMAT``: wecom, dingtalk or feishu; default wecom).
    ``CALLQA_ALERT_LINK_BASE`` is the workbench address for the catch-all route's links."""

    routes_file: Path | None = None
    webhook: str | None = None
    format: str = "wecom"
    link_base: str = "http://127.0.0.1:8000"


def alert_settings_from_env(routes_file: str | None = None) -> AlertSettings:
    env = os.environ
    path = routes_file or env.get("CALLQA_ALERT_ROUTES")
    return AlertSettings(routes_file=Path(path) if path else None, webhook=env.get("CALLQA_ALERT_WEBHOOK") or None,
                         format=env.get("CALLQA_ALERT_FORMAT") or "wecom",
                         link_base=env.get("CALLQA_ALERT_LINK_BASE") or "http://127.0.0.1:8000")
