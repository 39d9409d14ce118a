"""The nightly flow's transcription window, with stand-in futures (no model, no Prefect run)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from callqa.pipeline.window import RunAheadWindow


class Done:
    """A future that ends on another thread after ``delay`` seconds."""

    def __init__(self, value: int, delay: float, log: list[str]) -> None:
        self.value = value
        self.callbacks: list[Callable[[Any], None]] = []
        self.lock = threading.Lock()
        self.done = False
        log.append(f"start {value}")

        def finish() -> None:
            time.sleep(delay)
            with self.lock:
                self.done = True
                callbacks = list(self.callbacks)
            log.append(f"end {value}")
            for cb in callbacks:
                cb(self)

        threading.Thread(target=finish, daemon=True).start()

    def add_done_callback(self, fn: Callable[[Any], None]) -> None:
        with self.lock:
            if not self.done:
                self.callbacks.append(fn)
                return
        fn(self)


def test_slots_refill_as_soon_as_a_transcription_ends() -> None:
    """Item 0 is slow; items 1–3 are fast: with two slots, 2 and 3 start while 0 is still running."""
    log: list[str] = []
    delays = [0.6, 0.05, 0.05, 0.05]
    window = RunAheadWindow(2, lambda i: Done(i, delays[i], log), [0, 1, 2, 3])  # type: ignore[arg-type,return-value]
    first = window.take(0)
    assert first is not None and first.value == 0  # type: ignore[attr-defined]
    assert log.index("start 3") < log.index("end 0")
    assert [window.take(i).value for i in (1, 2, 3)] == [1, 2, 3]  # type: ignore[union-attr]
    assert max(sum(1 for e in log[: k + 1] if e.startswith("start")) - sum(1 for e in log[: k + 1]
               if e.startswith("end")) for k in range(len(log))) <= 2  # never more than two running


def test_items_without_transcription_get_none() -> None:
    window = RunAheadWindow(2, lambda i: Done(i, 0.0, []), [1])  # type: ignore[arg-type,return-value]
    assert window.take(0) is None
    assert window.take(1) is not None


def test_a_failed_submission_is_raised_for_its_own_item() -> None:
    def start(i: int) -> Done:
        if i == 1:
            raise ConnectionError("api down")
        return Done(i, 0.0, [])

    window = RunAheadWindow(2, start, [0, 1, 2])  # type: ignore[arg-type]
    assert window.take(0) is not None
    with pytest.raises(ConnectionError):
        window.take(1)
    assert window.take(2) is not None
