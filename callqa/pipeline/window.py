"""The run-ahead window: up to N transcriptions run in the task runner while the main thread finishes
earlier items (store, score, queue) one at a time, so the database work stays sequential and the cores
stay busy. Works with any future that has ``add_done_callback`` (Prefect futures; tests use stand-ins).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

Future = Any
"""A started transcription: anything with ``result()`` and ``add_done_callback(fn)``."""


class RunAheadWindow:
    """Keeps up to ``size`` transcriptions running ahead of the item being finished. A slot frees the moment its
    transcription ends (success or failure), not when the main thread gets to that item."""

    def __init__(self, size: int, start: Callable[[int], Future], order: list[int]) -> None:
        self.size, self.start, self.waiting = size, start, iter(order)
        self.futures: dict[int, Future] = {}
        self.ended: set[int] = set()
        self.errors: dict[int, Exception] = {}
        """Submissions that failed (e.g. the Prefect API unreachable): raised for their own item in ``take``."""
        self.changed = threading.Condition()

    def _top_up(self) -> None:
        while len(self.futures) - len(self.ended) < self.size and (i := next(self.waiting, None)) is not None:
            try:
                future = self.start(i)
            except Exception as exc:  # reported against item i, not the item being taken
                self.errors[i] = exc
                continue
            self.futures[i] = future
            future.add_done_callback(partial(self._end, i))

    def _end(self, i: int, _future: Future) -> None:
        with self.changed:
            self.ended.add(i)
            self.changed.notify_all()

    def take(self, i: int) -> Future | None:
        """Item ``i``'s ended transcription (``None`` if it needs none); other slots refill meanwhile."""
        with self.changed:
            self._top_up()
            if i in self.errors:
                raise self.errors.pop(i)
            while i in self.futures and i not in self.ended:
                self.changed.wait(timeout=5.0)
                self._top_up()
            self.ended.discard(i)
            return self.futures.pop(i, None)
