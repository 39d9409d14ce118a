"""Review queue: due times per severity, one item per call, ordering, high-sensitivity customers."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from storage.db import session_scope
from storage.interactions import register
from storage.models import HitRow, Interaction, Score
from storage.queue import QueueSettings, due_at, enqueue, list_queue, queue_opening

S = QueueSettings()


@pytest.mark.parametrize(("created_utc", "severity", "due_utc"), [
    # 02:30 Shanghai (18:30 UTC previous day): the clock starts when the queue opens at 09:00 (01:00 UTC).
    ("2026-11-21T18:30:00", "red", "2026-11-22T02:00:00"),
    ("2026-11-21T18:30:00", "yellow", "2026-11-22T05:00:00"),
    ("2026-11-21T18:30:00", "blue", "2026-11-23T01:00:00"),
    # 10:00 Shanghai (02:00 UTC): inside working hours, counts from creation.
    ("2026-11-22T02:00:00", "red", "2026-11-22T03:00:00"),
    # 20:00 Shanghai: next morning.
    ("2026-11-22T12:00:00", "yellow", "2026-11-23T05:00:00"),
])
def test_due_times(created_utc: str, severity: str, due_utc: str) -> None:
    created = datetime.fromisoformat(created_utc).replace(tzinfo=UTC)
    assert due_at(severity, created, S) == datetime.fromisoformat(due_utc).replace(tzinfo=UTC)


def test_opening_respects_custom_hours() -> None:
    s = QueueSettings(opens_at=time(8, 0))
    created = datetime(2026, 11, 21, 23, 0, tzinfo=UTC)  # 07:00 Shanghai
    assert queue_opening(created, s) == datetime(2026, 11, 22, 0, 0, tzinfo=UTC)


def _scored(url: str, call_id: str, *, severity: str | None, flagged: bool, customer: str | None = None,
            hits: tuple[str, ...] = (), calibration: bool = False) -> None:
    with session_scope(url) as s:
        inter = register(s, call_id=call_id, content_sha256=call_id.ljust(64, "0"), kind="audio",
                         source_name=f"{call_id}.wav", run_id=None).interaction
        assert inter is not None
        inter.customer_hash = customer
        score = Score(interaction_id=inter.id, rubric_id="default", rubric_version="1", rubric_hash="h" * 64,
                      score=70.0, flagged=flagged, calibration=calibration, severity=severity,
                      flag_reasons=[f"命中{severity}"] if flagged else [])
        score.hits = [HitRow(indicator=h, title="t", severity=severity or "blue", segments=[0], evidence="e",
                             reason="r") for h in hits]
        s.add(score)
        s.flush()
        enqueue(s, inter, score, now=datetime(2026, 11, 21, 18, 30, tzinfo=UTC), settings=S)


def test_enqueue_flagged_once_and_order(db_url: str) -> None:
    _scored(db_url, "C-blue", severity="blue", flagged=True)
    _scored(db_url, "C-red", severity="red", flagged=True, hits=("R14",))
    _scored(db_url, "C-ok", severity=None, flagged=False)
    _scored(db_url, "C-yellow", severity="yellow", flagged=True)
    with session_scope(db_url) as s:
        inter = s.query(Interaction).filter_by(call_id="C-red").one()
        score = s.query(Score).filter_by(interaction_id=inter.id).one()
        again = enqueue(s, inter, score, now=datetime.now(UTC), settings=S)
        assert again is not None
        items = list_queue(s)
        states = {i.call_id: i.state for i in s.query(Interaction)}
    assert [i["call_id"] for i in items] == ["C-red", "C-yellow", "C-blue"]
    assert states == {"C-blue": "queued", "C-red": "queued", "C-ok": "done", "C-yellow": "queued"}
    assert items[0]["hits"][0]["indicator"] == "R14"


def test_calibration_sample_is_queued_as_blue(db_url: str) -> None:
    _scored(db_url, "C-cal", severity=None, flagged=False, calibration=True)
    with session_scope(db_url) as s:
        (item,) = list_queue(s)
    assert item["calibration"] and item["severity"] == "blue"
    assert item["reasons"] == ["抽检样本（校准）"]


def test_high_sensitivity_customer_jumps_the_queue(db_url: str) -> None:
    _scored(db_url, "C-a", severity="yellow", flagged=True, customer="cust-1", hits=("R31",))
    _scored(db_url, "C-b", severity="yellow", flagged=True, customer="cust-2", hits=("R31",))
    _scored(db_url, "C-c", severity="yellow", flagged=True, customer="cust-1", hits=("R31",))
    with session_scope(db_url) as s:
        items = list_queue(s)
    assert items[0]["call_id"] == "C-c" and items[0]["high_sensitivity"]
    assert not any(i["high_sensitivity"] for i in items[1:])
