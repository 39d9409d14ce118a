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


@dataclass(frozen=True)
class WebSettings:
    secret_key: str = field(default_factory=_secret_from_env)
    secure_cookies: bool = False
    """Send the session cookie only over HTTPS; turn on behind a TLS proxy (``callqa serve --secure-cookies``)."""
    session_hours: int = 8
    login_max_failures: int = 5
    login_window: timedelta = timedelta(minutes=15)
    appeal_window_days: int = 7
    per_page: int = 50
    calibration_share: float = 0.2
    """Share of resolved items offered for a blind second review (校准, D66)."""
    api_rate_per_minute: int = 120
    """Requests per API token in any 60 seconds; more get 429 with Retry-After."""
    media_dir: Path = field(default_factory=lambda: Path(os.environ.get("CALLQA_MEDIA_DIR", ".callqa/media")))
    """Redacted recordings (``<call_id>.redacted.ogg``); the only audio the app ever serves."""
