"""Keyed hashing (HMAC-SHA256) of personal values, so the same value links across calls
without being stored. The key comes from configuration; its id (not the key) is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from common.errors import ConfigError


@dataclass(frozen=True)
class KeyedHasher:
    key: bytes

    @property
    def key_id(self) -> str:
        """Public fingerprint of the key: first 12 hex chars of SHA-256(key)."""
        return hashlib.sha256(self.key).hexdigest()[:12]

    def hash(self, value: str) -> str:
        """HMAC-SHA256 hex of ``value`` normalised (whitespace removed, case-folded)."""
        norm = "".join(value.split()).casefold()
        return hmac.new(self.key, norm.encode("utf-8"), hashlib.sha256).hexdigest()


def load_or_create_key(path: Path) -> KeyedHasher:
    """Read the HMAC key file; create a random one (mode 0600) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise ConfigError(str(path), "HMAC key file is not hex", "write 64 hex characters or delete it") from None
    if len(key) < 16:
        raise ConfigError(str(path), "HMAC key is shorter than 16 bytes", "use at least 32 hex characters")
    return KeyedHasher(key)


def load_existing_key(path: Path) -> KeyedHasher:
    """Read a key file that must exist (verification never creates a key)."""
    if not path.exists():
        raise ConfigError(str(path), "the HMAC key file is missing",
                          "restore it from the key backup (a new key cannot verify the records it did not sign)")
    return load_or_create_key(path)
