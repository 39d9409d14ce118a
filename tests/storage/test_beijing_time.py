"""Issue 16: one conversion for Beijing time; SQLite no longer shows calls +8 h or files them under the next day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import select

from callqa.web.render import local
from common.beijing import as_utc, beijing_day, day_bounds, to_beijing
from storage.db import session_scope
from storage.interactions import register
from storage.models import Interaction

CST = timezone(timedelta(hours=8))


def test_conversion_functions() -> None:
    assert to_beijing(datetime(2026, 11, 21, 2, 3)).strftime("%H:%M") == "10:03"  # naive = stored UTC
    assert beijing_day(datetime(2026, 11, 21, 17, 0, tzinfo=CST)) == date(2026, 11, 21)
    assert beijing_day(datetime(2026, 11, 21, 16, 30, tzinfo=UTC)) == date(2026, 11, 22)
    assert as_utc(datetime(2026, 11, 21, 10, 3, tzinfo=CST)) == datetime(2026, 11, 21, 2, 3, tzinfo=UTC)
    assert day_bounds(date(2026, 11, 21), date(2026, 11, 22)) == (
        datetime(2026, 11, 20, 16, 0, tzinfo=UTC), datetime(2026, 11, 22, 16, 0, tzinfo=UTC))


def _store(url: str, call_id: str, started: datetime) -> None:
    with session_scope(url) as s:
        register(s, call_id=call_id, content_sha256=call_id.ljust(64, "0"), kind="audio",
                 source_name=f"{call_id}.wav", run_id=None)
        s.scalars(select(Interaction).where(Interaction.call_id == call_id)).one().started_at = started


def test_stored_call_time_round_trips_as_beijing_time(db_url: str) -> None:
    _store(db_url, "C1", datetime(2026, 11, 21, 10, 3, tzinfo=CST))
    _store(db_url, "C2", datetime(2026, 11, 21, 17, 30, tzinfo=CST))
    with session_scope(db_url) as s:
        rows = {i.call_id: i.started_at for i in s.scalars(select(Interaction))}
        assert local(rows["C1"]) == "2026-11-21 10:03"
        assert beijing_day(rows["C2"]) == date(2026, 11, 21)
        start, end = day_bounds(date(2026, 11, 21))
        same_day = s.scalars(select(Interaction.call_id).where(Interaction.started_at >= start,
                                                               Interaction.started_at < end))
        assert sorted(same_day) == ["C1", "C2"]
