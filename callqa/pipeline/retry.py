"""The one retry policy of the nightly flow: transient failures only (database connection trouble,
timeouts), twice, after 2 and 10 seconds. Bad input is never retried: it is quarantined."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError

from common.errors import TransientError

TRANSIENT = (OperationalError, TransientError, TimeoutError, ConnectionError)


def is_transient(_task: Any, _run: Any, state: Any) -> bool:
    """Prefect's ``retry_condition_fn``: retry when the task failed with one of ``TRANSIENT``."""
    return isinstance(getattr(state, "data", None), TRANSIENT)


RETRY_TRANSIENT: dict[str, Any] = {"retries": 2, "retry_delay_seconds": [2, 10], "retry_condition_fn": is_transient}
"""Keyword arguments for ``@task``: the same policy on every stage that touches the database."""
