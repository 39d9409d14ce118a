"""Web app settings; everything has a safe default for a loopback deployment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path


def _secret_from_env() -> str:
    """``CALLQA_WEB_SECRET`` signs session cookies; without it a random key is used (sessions end on restart)."""
    return os.environ.get("CALLQA_WEB_SECRET") or secrets.token_hex(32)


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        from common.errors import ConfigError

        raise ConfigError(name, f"must be a whole number ≥ 1, got {raw!r}", f"set e.g. {name}={default}")
    return int(raw)


@dataclass(frozen=True)
class WebSettings:
    secret_key: str = field(default_factory=_secret_from_env)
    secure_cookies: bool = False
    """Send the session cookie only over HTTPS; turn on behind a TLS proxy (``callqa serve --secure-cookies``)."""
    session_hours: int = field(default_factory=lambda: _int_env("CALLQA_SESSION_HOURS", 8))
    """Absolute session lifetime: signed in again after this many hours, however active."""
    session_idle_minutes: int = field(default_factory=lambda: _int_env("CALLQA_SESSION_IDLE_MINUTES", 30))
    """A session unused this long is revoked (checked server-side on every request)."""
    login_max_failures: int = 5
    """Attempts per user name within ``login_user_delay``: beyond it the name is delayed, never locked."""
    login_user_delay: timedelta = timedelta(minutes=1)
    login_client_max: int = 20
    """Attempts per client address within ``login_window`` (any names: stops password spraying)."""
    login_window: timedelta = timedelta(minutes=15)
    login_global_max: int = 200
    """Ceiling on attempts across all names and addresses within ``login_global_window``."""
    login_global_window: timedelta = timedelta(minutes=1)
    appeal_window_days: int = 7
    per_page: int = 50
    key_file: Path = field(default_factory=lambda: Path(os.environ.get("CALLQA_KEY_FILE", ".callqa/hmac.key")))
    """The HMAC key file: signs and verifies the audit chain and its anchors (never in the database)."""
    retired_key_files: tuple[Path, ...] = field(default_factory=lambda: tuple(
        Path(p) for p in os.environ.get("CALLQA_RETIRED_KEY_FILES", "").split(":") if p))
    anchor_file: Path = field(default_factory=lambda: Path(os.environ.get("CALLQA_AUDIT_ANCHOR",
                                                                          ".callqa/audit-anchor.jsonl")))
    media_dir: Path = field(default_factory=lambda: Path(os.environ.get("CALLQA_MEDIA_DIR", ".callqa/media")))
    """Redacted recordings (``<call_id>.redacted.ogg``); the only audio the app ever serves."""
