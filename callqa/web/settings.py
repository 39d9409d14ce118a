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
    secret_key: str = field(default_factory=_random_secret)
    secure_cookies: bool = False
    """Send the session cookie only over HTTPS; turn on behind a TLS proxy (``callqa serve --secure-cookies``)."""
    session_hours: int = 8
    login_max_failures: int = 5
    login_window: timedelta = timedelta(minutes=15)
    appeal_window_days: int = 7
    per_page: int = 50
    media_dir: Path = Path(".callqa/media")
    """Redacted recordings (``<call_id>.redacted.ogg``); the only audio the app ever serves."""
