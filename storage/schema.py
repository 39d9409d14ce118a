"""The whole schema in one place: every module that declares tables on ``Base.metadata``, imported together so
that migrations (``migrations/env.py``) and the drift test see the same set of tables."""

from __future__ import annotations

from sqlalchemy import MetaData

from storage import agent_ops as _agent  # noqa: F401  (coaching and appeal-request tables)
from storage import alert_outbox as _alerts  # noqa: F401  (alert outbox)
from storage import api_rate as _api_rate  # noqa: F401  (shared API rate-limit windows)
from storage import calibration as _calibration  # noqa: F401  (calibration rounds)
from storage import login_throttle as _throttle  # noqa: F401  (login throttle)
from storage import report_models as _report_models  # noqa: F401  (daily report tables)
from storage import review as _review  # noqa: F401  (review workbench tables)
from storage import rubric_versions as _versions  # noqa: F401  (published rubric versions)
from storage import sampling as _sampling  # noqa: F401  (sampling plan picks)
from storage import web_sessions as _sessions  # noqa: F401  (server-side web sessions)
from storage.models import Base


def metadata() -> MetaData:
    """``Base.metadata`` with every callqa table registered."""
    return Base.metadata
