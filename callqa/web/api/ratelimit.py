"""A sliding-window request limit per API token, in the serving process (one ``callqa serve`` process)."""

from __future__ import annotations

import threading
from collections import deque


class RateLimiter:
    """At most ``per_minute`` requests per key in any 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: int, now: float) -> int:
        """0 if the request may go ahead (and it is counted), else the seconds until it may."""
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and times[0] <= now - 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(1, int(times[0] + 60 - now) + 1)
            times.append(now)
            return 0
