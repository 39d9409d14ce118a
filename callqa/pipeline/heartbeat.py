"""A run's heartbeat: while it works, a background thread renews its run record and the leases on the items
it holds (``storage.claims``). If the process dies, both go stale: the next run marks it ``interrupted``
and any run may take over its items once their leases expire."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from types import TracebackType

from storage import claims
from storage.db import session_scope

log = logging.getLogger("callqa.progress")


class Heartbeat:
    """``with Heartbeat(db_url, run_id, lease):`` beats every ``lease / 4`` until the block ends."""

    def __init__(self, db_url: str, run_id: int, lease: timedelta) -> None:
        self.db_url, self.run_id, self.lease = db_url, run_id, lease
        self.owner = claims.owner_of(run_id)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"callqa-heartbeat-{run_id}", daemon=True)

    def beat(self) -> None:
        now = datetime.now(UTC)
        with session_scope(self.db_url) as session:
            claims.heartbeat(session, run_id=self.run_id, now=now)
            claims.renew(session, owner=self.owner, now=now, lease=self.lease)

    def _run(self) -> None:
        while not self._stop.wait(self.lease.total_seconds() / 4):
            try:
                self.beat()
            except Exception as exc:  # a missed beat is survivable; the next one retries
                log.warning("heartbeat of run %d failed: %s", self.run_id, type(exc).__name__)

    def __enter__(self) -> Heartbeat:
        self.beat()
        self._thread.start()
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
