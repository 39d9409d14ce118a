"""Configuration: the ONE place that reads the environment. Every other module takes parameters.

Typed, from CLI flags and ``CALLQA_*`` environment variables, with defaults; every value is checked when
it is read, so a bad setting stops a command at once, before Prefect starts or a model loads, with one
line naming the variable, what is wrong and how to fix it.

| setting | variable | default |
|---|---|---|
| database URL | ``CALLQA_DB_URL`` | ``sqlite:///callqa.db`` |
| HMAC key file | ``CALLQA_KEY_FILE`` | ``.callqa/hmac.key`` |
| retired HMAC key files (still verify older audit records) | ``CALLQA_RETIRED_KEY_FILES`` | unset (``:``-separated) |
| audit anchor file (append-only, outside the database) | ``CALLQA_AUDIT_ANCHOR`` | ``.callqa/audit-anchor.jsonl`` |
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
| lease on a claimed item (renewed every quarter) | ``CALLQA_LEASE_SECONDS`` | 120 |
| Dask scheduler for transcription | ``CALLQA_DASK_ADDRESS`` / ``--dask`` | unset: threads in the run's process |
| web session signing key | ``CALLQA_WEB_SECRET`` | random per process (sessions end on restart) |
| web session lifetime, idle timeout | ``CALLQA_SESSION_HOURS``, ``CALLQA_SESSION_IDLE_MINUTES`` | 8, 30 |
| password for ``users add`` without a prompt | ``CALLQA_NEW_PASSWORD`` | asked on the terminal |
| alert routing file | ``CALLQA_ALERT_ROUTES`` | unset |
| one catch-all robot webhook, its format | ``CALLQA_ALERT_WEBHOOK``, ``CALLQA_ALERT_FORMAT`` | unset, wecom |
| auto-assignment after each night | ``CALLQA_ASSIGN_TEAM``, ``_MODE``, ``_QUEUES`` | unset: manual |
| sampling plans (unflagged calls per agent/queue per period) | ``CALLQA_SAMPLING`` | unset: none |
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callqa.pipeline.retention import RetentionPolicy
from common.errors import ConfigError
from common.keys import KeyedHasher, load_existing_key, load_or_create_key
from scoring.routing import BUNDLED_ROUTING
from storage.assignment import MODES as ASSIGN_MODES
from storage.assignment import AssignmentPlan
from storage.audit_chain import ChainKeys
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


def dask_address(env: Mapping[str, str] | None = None, explicit: str | None = None) -> str:
    """``--dask`` / ``CALLQA_DASK_ADDRESS``: a Dask scheduler address such as ``tcp://10.0.0.5:8786``."""
    raw = explicit or _env(env).get("CALLQA_DASK_ADDRESS", "")
    if raw and not raw.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise ConfigError("CALLQA_DASK_ADDRESS", f"not a Dask scheduler address: {raw!r}",
                          "use e.g. tcp://scheduler-host:8786, or unset it to transcribe in this process")
    return raw


def key_file(env: Mapping[str, str] | None = None) -> Path:
    return Path(_env(env).get("CALLQA_KEY_FILE", ".callqa/hmac.key"))


def model_root(env: Mapping[str, str] | None = None) -> Path | None:
    raw = _env(env).get("CALLQA_MODEL_DIR")
    return Path(raw) if raw else None


def anchor_file_from_env(env: Mapping[str, str] | None = None) -> Path:
    return Path(_env(env).get("CALLQA_AUDIT_ANCHOR", ".callqa/audit-anchor.jsonl"))


def retired_keys_from_env(env: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    return tuple(Path(p) for p in _env(env).get("CALLQA_RETIRED_KEY_FILES", "").split(":") if p)


def chain_keys(key_file: Path, retired: tuple[Path, ...] = (), *, create: bool = True) -> ChainKeys:
    current = load_or_create_key(key_file) if create else load_existing_key(key_file)
    return ChainKeys(current, tuple(load_existing_key(p) for p in retired))


def new_password(env: Mapping[str, str] | None = None) -> str | None:
    """``CALLQA_NEW_PASSWORD`` for scripted ``callqa users add`` (else the command asks)."""
    return _env(env).get("CALLQA_NEW_PASSWORD") or None


def web_settings(secure_cookies: bool = False, env: Mapping[str, str] | None = None, **overrides: Any) -> WebSettings:
    """The web app's settings from the environment; ``overrides`` replace single fields (tests, ``--media``)."""
    from dataclasses import replace

    from callqa.web.settings import WebSettings

    env = _env(env)
    base = WebSettings(secure_cookies=secure_cookies, media_dir=Path(env.get("CALLQA_MEDIA_DIR", ".callqa/media")),
                       session_hours=_positive(env, "CALLQA_SESSION_HOURS", 8),
                       session_idle_minutes=_positive(env, "CALLQA_SESSION_IDLE_MINUTES", 30),
                       key_file=key_file(env), retired_key_files=retired_keys_from_env(env),
                       anchor_file=anchor_file_from_env(env))
    secret = env.get("CALLQA_WEB_SECRET")
    if secret:
        base = replace(base, secret_key=secret)
    return replace(base, **overrides)


@dataclass(frozen=True)
class AlertSettings:
    """Where alerts go: a routing file (``CALLQA_ALERT_ROUTES``) and/or one catch-all robot webhook
    (``CALLQA_ALERT_WEBHOOK``, format ``CALLQA_ALERT_FORMAT``: wecom, dingtalk or feishu; default wecom).
    ``CALLQA_ALERT_LINK_BASE`` is the workbench address for the catch-all route's links."""

    routes_file: Path | None = None
    webhook: str | None = None
    format: str = "wecom"
    link_base: str = "http://127.0.0.1:8000"


def alert_settings_from_env(routes_file: str | None = None, env: Mapping[str, str] | None = None) -> AlertSettings:
    env = _env(env)
    path = routes_file or env.get("CALLQA_ALERT_ROUTES")
    return AlertSettings(routes_file=Path(path) if path else None, webhook=env.get("CALLQA_ALERT_WEBHOOK") or None,
                         format=env.get("CALLQA_ALERT_FORMAT") or "wecom",
                         link_base=env.get("CALLQA_ALERT_LINK_BASE") or "http://127.0.0.1:8000")


def _alert_settings_checked(env: Mapping[str, str]) -> AlertSettings:
    """The alert settings, with the routing file and catch-all webhook validated now (file:line errors)."""
    from callqa.alerts.routing import combined

    cfg = alert_settings_from_env(None, env)
    combined(cfg.routes_file, cfg.webhook, cfg.format, cfg.link_base)
    return cfg


def _names(raw: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in raw.split(",") if n.strip())


def assignment_from_env(env: Mapping[str, str] | None = None) -> AssignmentPlan | None:
    """Auto-assignment after each night: ``CALLQA_ASSIGN_TEAM=a,b`` (round-robin), or ``CALLQA_ASSIGN_MODE=by-queue``
    with ``CALLQA_ASSIGN_QUEUES=信用卡=a,b;售后=c`` (``CALLQA_ASSIGN_TEAM`` then takes the other queues).
    None when neither team nor queues are set: items wait for manual assignment."""
    env = _env(env)
    mode = _choice(env, "CALLQA_ASSIGN_MODE", ASSIGN_MODES)
    queues: dict[str, tuple[str, ...]] = {}
    for part in (p for p in env.get("CALLQA_ASSIGN_QUEUES", "").split(";") if p.strip()):
        queue, sep, names = part.partition("=")
        if not sep or not queue.strip() or not _names(names):
            raise ConfigError("CALLQA_ASSIGN_QUEUES", f"{part!r} is not QUEUE=reviewer1,reviewer2",
                              "write e.g. CALLQA_ASSIGN_QUEUES='信用卡=li,wang;售后=zhao'")
        queues[queue.strip()] = _names(names)
    team = _names(env.get("CALLQA_ASSIGN_TEAM", ""))
    if not team and not queues:
        return None
    if mode == "by-queue" and not queues:
        raise ConfigError("CALLQA_ASSIGN_QUEUES", "CALLQA_ASSIGN_MODE=by-queue needs the queues' reviewers",
                          "set CALLQA_ASSIGN_QUEUES='信用卡=li,wang', or unset CALLQA_ASSIGN_MODE for round-robin")
    if mode == "round-robin" and not team:
        raise ConfigError("CALLQA_ASSIGN_TEAM", "round-robin needs reviewers",
                          "set CALLQA_ASSIGN_TEAM=li,wang, or CALLQA_ASSIGN_MODE=by-queue for queue teams")
    return AssignmentPlan(mode=mode, team=team, queues=queues)


def sampling_file(env: Mapping[str, str] | None = None) -> Path | None:
    """``CALLQA_SAMPLING``: the sampling plans YAML; unset: no sampling plans."""
    raw = _env(env).get("CALLQA_SAMPLING", "")
    return Path(raw) if raw else None


def _checked_sampling(path: Path | None) -> Path | None:
    """The plans file, validated now (file:line errors stop the command before anything runs)."""
    if path is not None:
        from storage.sampling_plans import load_plans

        load_plans(path)
    return path


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
    lease: timedelta = timedelta(seconds=120)
    """How long a claimed item stays this run's without a heartbeat (a dead run's items wait this long)."""
    dask_address: str = ""
    """``tcp://host:8786``: transcription runs on that Dask cluster (prefect-dask); empty: local threads."""
    anchor_file: Path = Path(".callqa/audit-anchor.jsonl")
    retired_key_files: tuple[Path, ...] = ()
    alerts: AlertSettings = field(default_factory=AlertSettings)
    """Where the night's red, fatal and overdue alerts go (nowhere unless routes or a webhook are set)."""
    assignment: AssignmentPlan | None = None
    """Auto-assignment of the night's new items (None: manual)."""
    sampling: Path | None = None
    """Sampling plans YAML (``CALLQA_SAMPLING``); None: only the flag policy queues calls."""

    @classmethod
    def load(cls, db: str | None = None, rubric: str | Path | None = None,
             env: Mapping[str, str] | None = None, dask: str | None = None) -> Settings:
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
            lease=timedelta(seconds=_positive(env, "CALLQA_LEASE_SECONDS", 120)),
            dask_address=dask_address(env, dask),
            anchor_file=anchor_file_from_env(env),
            retired_key_files=retired_keys_from_env(env),
            alerts=_alert_settings_checked(env),
            assignment=assignment_from_env(env),
            sampling=_checked_sampling(sampling_file(env)),
        )

    def hasher(self) -> KeyedHasher:
        return load_or_create_key(self.key_file)

    def chain_keys(self, *, create: bool = True) -> ChainKeys:
        """The audit chain's keys; ``create=False`` (verification) refuses a missing key file."""
        return chain_keys(self.key_file, self.retired_key_files, create=create)

    def redactor(self) -> Redactor:
        """The redactor for this configuration (built once per process: it loads the name tagger)."""
        from transcripts.redaction.engine import build_redactor

        return build_redactor(self.name_search)


PREFECT_OFFLINE = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
"""Always: Prefect's SDK telemetry (``DO_NOT_TRACK``) and its server's analytics service (a separate switch)
would post to the internet; an on-prem PIPL deployment must not."""
PREFECT_DEFAULTS = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
                    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore"}
"""Unless set: the temporary server's start-up measured up to ~40 s on a loaded 2-core machine (Prefect's
default, 20 s, failed 2 of 12 fresh starts); stage functions log outside a flow in tests and the CLI."""


def quiet_prefect(env: MutableMapping[str, str] | None = None) -> None:
    """Put Prefect offline before it is imported (``callqa.cli`` and ``flows`` call this first)."""
    env = os.environ if env is None else env
    env.update(PREFECT_OFFLINE)
    for name, value in PREFECT_DEFAULTS.items():
        env.setdefault(name, value)


@contextmanager
def flow_environment(settings: Settings) -> Iterator[None]:
    """The database URL reaches the Prefect flow through ``CALLQA_DB_URL``, never as a flow parameter:
    Prefect stores parameters, and a PostgreSQL URL may hold a password; ``--dask`` likewise through
    ``CALLQA_DASK_ADDRESS``. Restored afterwards."""
    values = {"CALLQA_DB_URL": settings.db_url, "CALLQA_DASK_ADDRESS": settings.dask_address}
    before = {name: os.environ.get(name) for name in values}
    os.environ.update({k: v for k, v in values.items() if v})
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
