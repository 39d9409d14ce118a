"""Web app settings; everything has a safe default for a loopback deployment."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path


def _random_secret() -> str:
    """Without ``CALLQA_WEB_SECRET`` (``callqa.config.web_settings``) a random key signs the session cookies
    (sessions end on restart)."""
    return secrets.token_hex(32)


@dataclass(frozen=True)
class WebSettings:
    """Built from the environment by ``callqa.config.web_settings`` (the defaults here suit tests)."""

    secret_key: str = field(default_factory=_random_secret)
    secure_cookies: bool = False
    """Send the session cookie only over HTTPS; turn on behind a TLS proxy (``callqa serve --secure-cookies``)."""
    session_hours: int = 8
    """Absolute session lifetime: signed in again after this many hours, however active."""
    session_idle_minutes: int = 30
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
    calibration_share: float = 0.2
    """Share of resolved items offered for a blind second review (校准, D66)."""
    api_rate_per_minute: int = 120
    """Requests per API token in any 60 seconds; more get 429 with Retry-After."""
    key_file: Path = Path(".callqa/hmac.key")
    """The HMAC key file: signs and verifies the audit chain and its anchors (never in the database)."""
    retired_key_files: tuple[Path, ...] = ()
    anchor_file: Path = Path(".callqa/audit-anchor.jsonl")
    media_dir: Path = Path(".callqa/media")
    """Redacted recordings (``<call_id>.redacted.ogg``); the only audio the app ever serves."""
