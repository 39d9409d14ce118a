"""Password hashing with scrypt (RFC 7914, in the standard library): salted, constant-time comparison."""

from __future__ import annotations

import hashlib
import hmac
import secrets

N, R, P, DKLEN = 2**14, 8, 1, 32


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt_hex$hash_hex`` with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=DKLEN)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches; a missing or malformed hash costs the same work and is False."""
    try:
        scheme, n, r, p, salt_hex, hash_hex = (stored or "").split("$")
        if scheme != "scrypt":
            raise ValueError(scheme)
        salt, expected, params = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex), (int(n), int(r), int(p))
    except ValueError:
        salt, expected, params = b"\0" * 16, b"\1" * DKLEN, (N, R, P)
        stored = None
    digest = hashlib.scrypt(password.encode(), salt=salt, n=params[0], r=params[1], p=params[2],
                            dklen=len(expected))
    return hmac.compare_digest(digest, expected) and stored is not None
