"""The column type for every stored instant: UTC in, aware UTC out, on SQLite and PostgreSQL.

SQLAlchemy's ``DateTime(timezone=True)`` on SQLite drops the offset and keeps the wall-clock digits, so a
call at 10:03+08:00 came back as 10:03 "UTC" and showed as 18:03 Beijing time (issue 16). Converting to UTC
before the value reaches the driver makes both databases hold the same instant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from common.beijing import as_utc


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes are converted to UTC on write; reads are always aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = as_utc(value)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)
