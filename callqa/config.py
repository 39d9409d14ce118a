"""Configuration: the ONE place that reads the environment. Every other module takes parameters.

Typed, from CLI flags and ``CALLQA_*`` environment variables, with defaults; every value is checked when
it is read, so a bad setting stops a command at once, before Prefect starts or a model loads, with one
line naming the variable, what is wrong and how to fix it.

| setting | variable | default |
|---|---|---|
| database URL | ``CALLQA_DB_URL`` | ``sqlite:///callqa.db`` |
| HMAC key file | ``CALLQA_KEY_FILE`` | ``.callqa/hmac.key`` |
| ASR engine | ``CALLQA_ASR_ENGINE`` | faster-whisper |
| ASR model size | ``CALLQA_ASR_MODEL`` | base |
| ASR device | ``CALLQA_ASR_DEVICE`` | cpu |
| ASR compute type | ``CALLQA_ASR_COMPUTE`` | int8 |
| ASR threads per worker | ``CALLQA_ASR_THREADS`` | 1 |
| calls transcribed at the same time | ``CALLQA_ASR_WORKERS`` | 2 |
| VAD chunks decoded at once (batched pipeline, wideband audio; 0 = per call) | ``CALLQA_ASR_BATCH`` | 8 |
| assembled Whisper weights | ``CALLQA_MODEL_DIR`` | ``~/.cache/callqa/models`` |
| hot words per queue | ``CALLQA_HOTWORDS`` | ``rubrics/hotwords.yaml`` (off unless ``enabled: true``) |
| rubric: a routing file or one rubric | ``CALLQA_RUBRIC`` | ``rubrics/routing.yaml`` (queue → rubric) |
| redacted recordings | ``CALLQA_MEDIA_DIR`` | ``.callqa/media`` |
| audio masking | ``CALLQA_AUDIO_MASK`` | silence (or tone) |
| name search depth | ``CALLQA_NAME_SEARCH`` | thorough (or fast, exhaustive) |
| originals leave the inbox after N days | ``CALLQA_RETENTION_DAYS`` | unset: kept |
| … by being | ``CALLQA_RETENTION_ACTION`` | archive (``inbox/archive/<date>/``) or delete |
| web session signing key | ``CALLQA_WEB_SECRET`` | random per process (sessions end on restart) |
| password for ``users add`` without a prompt | ``CALLQA_NEW_PASSWORD`` | asked on the terminal |
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from callqa.pipeline.retention import RetentionPolicy
from common.errors import ConfigError
from common.keys import KeyedHasher, load_or_create_key
from scoring.routing import BUNDLED_ROUTING
from storage.db import DEFAULT_URL, resolve_url
from storage.queue import QueueSettings
from transcripts.asr.types import AsrConfig
from transcripts.hotwords import HotwordBook, load_hotwords
from transcripts.redaction.detectors.name_tagger import DEFAULT_SEARCH, SEARCH_VARIABLE, check_search

if TYPE_CHECKING:
    from callqa.web.settings import WebSettings
    from transcripts.redaction.engine import Redactor

AUDIO_MASKS = ("silence", "tone")
RETENTION_ACTIONS = ("archive", "delete")


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(name, f"must be a whole number ≥ 1, got {raw!r}", f"set e.g. {name}={default}")
    return int(raw)


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(name, f"must be a whole number ≥ 0, got {raw!r}", f"set e.g. {name}={default}")
    return int(raw)


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    raw = env.get(name, "") or allowed[0]
    if raw not in allowed:
        raise ConfigError(name, f"must be one of {', '.join(allowed)}, got {raw!r}",
                          f"unset it for the default ({allowed[0]})")
    return raw


def db_url(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """``--db``, else ``CALLQA_DB_URL``, else ``sqlite:///callqa.db`` — checked and with its driver."""
    return resolve_url(explicit or _env(env).get("CALLQA_DB_URL") or DEFAULT_URL)


ASR_BATCH_DEFAULT = 8
"""Batched decoding of wideband recordings, 8 VAD chunks at a time; 0 = per call (D96, bench/asr/README.md)."""


def asr_config_from_env(env: Mapping[str, str] | None = None) -> AsrConfig:
    env = _env(env)
    return AsrConfig(
        engine=env.get("CALLQA_ASR_ENGINE", "faster-whisper"),
        model=env.get("CALLQA_ASR_MODEL", "base"),
        device=env.get("CALLQA_ASR_DEVICE", "cpu"),
        compute_type=env.get("CALLQA_ASR_COMPUTE", "int8"),
        cpu_threads=_positive(env, "CALLQA_ASR_THREADS", 1),
        workers=_positive(env, "CALLQA_ASR_WORKERS", 2),
        batch_size=_count(env, "CALLQA_ASR_BATCH", ASR_BATCH_DEFAULT),
        model_dir=env.get("CALLQA_MODEL_DIR", ""),
    )


def retention_from_env(env: Mapping[str, str] | None = None) -> RetentionPolicy:
    env = _env(env)
    action = _choice(env, "CALLQA_RETENTION_ACTION", RETENTION_ACTIONS)
    raw = env.get("CALLQA_RETENTION_DAYS", "")
    try:
        days = float(raw) if raw else None
    except ValueError:
        days = -1.0
    if days is not None and not days >= 0:
        raise ConfigError("CALLQA_RETENTION_DAYS", f"must be a number of days ≥ 0, got {raw!r}",
                          "set e.g. CALLQA_RETENTION_DAYS=30, or unset it to keep originals")
    return RetentionPolicy(days=days, action=action)  # type: ignore[arg-type]


def rubric_path(explicit: str | Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """``--rubric``, else ``CALLQA_RUBRIC``, else the bundled routing file; a routing file or one rubric."""
    raw = explicit or _env(env).get("CALLQA_RUBRIC")
    path = Path(raw) if raw else BUNDLED_ROUTING
    if not path.is_file():
        raise ConfigError(str(path), "rubric file not found",
                          "pass an existing file with --rubric or CALLQA_RUBRIC (default rubrics/routing.yaml)")
    return path


def hotwords_from_env(env: Mapping[str, str] | None = None) -> HotwordBook:
    raw = _env(env).get("CALLQA_HOTWORDS")
    return load_hotwords(Path(raw) if raw else None)


def name_search(env: Mapping[str, str] | None = None) -> str:
    return check_search(_env(env).get(SEARCH_VARIABLE, ""))


def key_file(env: Mapping[str, str] | None = None) -> Path:
    return Path(_env(env).get("CALLQA_KEY_FILE", ".callqa/hmac.key"))


def model_root(env: Mapping[str, str] | None = None) -> Path | None:
    raw = _env(env).get("CALLQA_MODEL_DIR")
    return Path(raw) if raw else None


def new_password(env: Mapping[str, str] | None = None) -> str | None:
    """``CALLQA_NEW_PASSWORD`` for scripted ``callqa users add`` (else the command asks)."""
    return _env(env).get("CALLQA_NEW_PASSWORD") or None


def web_settings(secure_cookies: bool = False, env: Mapping[str, str] | None = None) -> WebSettings:
    from callqa.web.settings import WebSettings

    env = _env(env)
    base = WebSettings(secure_cookies=secure_cookies, media_dir=Path(env.get("CALLQA_MEDIA_DIR", ".callqa/media")))
    secret = env.get("CALLQA_WEB_SECRET")
    return WebSettings(**{**base.__dict__, "secret_key": secret}) if secret else base


@dataclass(frozen=True)
class Settings:
    db_url: str
    key_file: Path
    rubric: Path = BUNDLED_ROUTING
    """A routing file (queue → rubric) or a single rubric; checked to exist when loaded."""
    asr: AsrConfig = field(default_factory=AsrConfig)
    queue: QueueSettings = field(default_factory=QueueSettings)
    media_dir: Path = Path(".callqa/media")
    audio_mask: str = "silence"
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    hotwords: HotwordBook = field(default_factory=HotwordBook)
    name_search: str = DEFAULT_SEARCH

    @classmethod
    def load(cls, db: str | None = None, rubric: str | Path | None = None,
             env: Mapping[str, str] | None = None) -> Settings:
        """Every setting, read and checked now (``ConfigError`` names the first bad one)."""
        env = _env(env)
        return cls(
            db_url=db_url(db, env),
            key_file=key_file(env),
            rubric=rubric_path(rubric, env),
            asr=asr_config_from_env(env),
            media_dir=Path(env.get("CALLQA_MEDIA_DIR", ".callqa/media")),
            audio_mask=_choice(env, "CALLQA_AUDIO_MASK", AUDIO_MASKS),
            retention=retention_from_env(env),
            hotwords=hotwords_from_env(env),
            name_search=name_search(env),
        )

    def hasher(self) -> KeyedHasher:
        return load_or_create_key(self.key_file)

    def redactor(self) -> Redactor:
        """The redactor for this configuration (built once per process: it loads the name tagger)."""
        from transcripts.redaction.engine import build_redactor

        return build_redactor(self.name_search)


@contextmanager
def flow_environment(settings: Settings) -> Iterator[None]:
    """The database URL reaches the Prefect flow through ``CALLQA_DB_URL``, never as a flow parameter:
    Prefect stores parameters, and a PostgreSQL URL may hold a password. Restored afterwards."""
    before = os.environ.get("CALLQA_DB_URL")
    os.environ["CALLQA_DB_URL"] = settings.db_url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("CALLQA_DB_URL", None)
        else:
            os.environ["CALLQA_DB_URL"] = before
