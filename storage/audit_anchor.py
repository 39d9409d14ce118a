"""The chain head anchored outside the database: an append-only file of signed checkpoints.

Each line is a JSON object ``{"seq", "last_hash", "key_id", "at", "run_id", "sig"}``; ``sig`` is the HMAC of
the other fields with the chain key. Someone who can rewrite the database can neither shorten nor rewrite the
chain below an anchored record without the key, and the file lives elsewhere (a WORM folder, another host's
share): ``CALLQA_AUDIT_ANCHOR``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from storage.audit_chain import GENESIS_HASH, ChainKeys
from storage.models import AuditHead


@dataclass(frozen=True)
class Anchor:
    seq: int
    last_hash: str
    key_id: str
    at: str
    run_id: int | None = None
    sig: str = ""

    def message(self) -> bytes:
        body = {k: v for k, v in asdict(self).items() if k != "sig"}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


class AnchorError(Exception):
    """An anchor line that cannot be trusted: ``where`` is ``file:line``."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where, self.problem = where, problem


def _sign(anchor: Anchor, keys: ChainKeys) -> Anchor:
    secret = keys.secret(anchor.key_id)
    assert secret is not None
    return Anchor(**(asdict(anchor) | {"sig": hmac.new(secret, anchor.message(), hashlib.sha256).hexdigest()}))


def write_anchor(session: Session, path: Path, keys: ChainKeys, run_id: int | None = None) -> Anchor:
    """Append the current head (count, last hash), signed, to ``path`` (created 0600 on first use)."""
    head = session.get(AuditHead, 1)
    seq, last = (head.seq, head.last_hash) if head is not None else (0, GENESIS_HASH)
    anchor = _sign(Anchor(seq=seq, last_hash=last, key_id=keys.key_id,
                          at=datetime.now(UTC).isoformat(timespec="seconds"), run_id=run_id), keys)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a") as fh:
        fh.write(json.dumps(asdict(anchor), sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return anchor


def read_anchors(path: Path, keys: ChainKeys) -> list[Anchor] | None:
    """Every anchor, signature-checked, oldest first; ``None`` when the file does not exist."""
    if not path.exists():
        return None
    anchors: list[Anchor] = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        where = f"{path}:{n}"
        try:
            anchor = Anchor(**json.loads(line))
        except (ValueError, TypeError):
            raise AnchorError(where, "not an anchor line (JSON with seq, last_hash, key_id, at, run_id, sig)") from None
        secret = keys.secret(anchor.key_id)
        if secret is None:
            raise AnchorError(where, f"signed with key {anchor.key_id}, which is not configured "
                                     f"(configured: {', '.join(keys.known())})")
        if not hmac.compare_digest(hmac.new(secret, anchor.message(), hashlib.sha256).hexdigest(), anchor.sig):
            raise AnchorError(where, "signature does not match: the anchor was edited")
        if anchors and anchor.seq < anchors[-1].seq:
            raise AnchorError(where, f"count {anchor.seq} is below the previous anchor's {anchors[-1].seq}")
        anchors.append(anchor)
    return anchors
