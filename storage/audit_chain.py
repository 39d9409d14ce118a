"""How one audit record is hashed, per record version, and the keys that sign version-2 records.

Version 1 (records written before migration 0008): SHA-256 over the previous hash and the record's content,
no key. Version 2: HMAC-SHA256 with the *chain key* — derived from the HMAC key file, which is never in the
database — over the previous hash and the content, which now also covers the call id, the record version
and the signing key id. A writer always writes version 2; a verifier accepts version 1 only before the first
version-2 record (no downgrade).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field

from common.keys import KeyedHasher
from storage.models import RedactionEvent

GENESIS_HASH = "0" * 64
CURRENT_VERSION = 2
CHAINED_FIELDS = (
    "seq", "run_id", "interaction_id", "segment_idx", "span_group", "pii_type", "start", "end", "audio_start",
    "audio_end", "speaker", "detector", "detector_version", "confidence", "validators", "action", "value_hash",
    "key_id", "recorded_at",
)
_DERIVE = b"callqa audit chain v2"


def chain_secret(hasher: KeyedHasher) -> bytes:
    """The chain key: derived from the key file so the value-hashing key is never used for two purposes."""
    return hmac.new(hasher.key, _DERIVE, hashlib.sha256).digest()


@dataclass(frozen=True)
class ChainKeys:
    """The current key (signs new records and anchors) and retired ones (still verify older records)."""

    current: KeyedHasher
    retired: tuple[KeyedHasher, ...] = ()
    _by_id: dict[str, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = {k.key_id: chain_secret(k) for k in (*self.retired, self.current)}
        object.__setattr__(self, "_by_id", keys)

    @property
    def key_id(self) -> str:
        return self.current.key_id

    def secret(self, key_id: str | None) -> bytes | None:
        return self._by_id.get(key_id or "")

    def known(self) -> list[str]:
        return sorted(self._by_id)


def canonical(event: RedactionEvent, call_id: str | None = None) -> bytes:
    content = {f: getattr(event, f) for f in CHAINED_FIELDS}
    if event.field is not None:  # chained only when set, so records written before migration 0007 still verify
        content["field"] = event.field
    if (event.chain_version or 1) >= 2:
        content |= {"call_id": call_id, "chain_version": event.chain_version, "chain_key_id": event.chain_key_id}
    return json.dumps(content, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, event: RedactionEvent, call_id: str | None = None,
               secret: bytes | None = None) -> str:
    """Version 1: plain SHA-256 (``secret`` unused). Version 2: HMAC with ``secret`` (required)."""
    message = prev_hash.encode() + b"\n" + canonical(event, call_id)
    if (event.chain_version or 1) < 2:
        return hashlib.sha256(message).hexdigest()
    if secret is None:
        raise ValueError(f"audit record {event.seq} is version 2 and needs its chain key {event.chain_key_id}")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
