"""The audit log is append-only and tamper-evident, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from storage.audit import append_detections, verify_chain
from storage.db import session_scope
from storage.interactions import register
from storage.models import RedactionEvent
from transcripts.models import Detection


def _det(segment: int, pii_type: str = "PHONE") -> Detection:
    return Detection(segment=segment, start=3, end=14, type=pii_type, detector="phone", detector_version="1.0",  # type: ignore[arg-type]
                     confidence=0.95, validators=("mobile_prefix",), value_hash="ab" * 32, key_id="k1",
                     speaker="customer")


def _seed(url: str, n_calls: int = 3) -> None:
    for i in range(n_calls):
        with session_scope(url) as s:
            inter = register(s, call_id=f"C{i}", content_sha256=f"{i:064d}", kind="audio", source_name=f"C{i}.wav",
                             run_id=None).interaction
            assert inter is not None
            append_detections(s, run_id=None, interaction_id=inter.id, detections=[_det(0), _det(2, "ID_CARD")])


def test_chain_verifies_after_appends(db_url: str) -> None:
    _seed(db_url)
    with session_scope(db_url) as s:
        report = verify_chain(s)
        seqs = list(s.scalars(select(RedactionEvent.seq).order_by(RedactionEvent.seq)))
    assert report.ok and report.checked == 6
    assert seqs == [1, 2, 3, 4, 5, 6]


def test_edited_row_is_caught_at_that_record(db_url: str) -> None:
    _seed(db_url)
    with session_scope(db_url) as s:
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 4).values(pii_type="EMAIL"))
    with session_scope(db_url) as s:
        report = verify_chain(s)
    assert not report.ok
    assert report.first_broken_seq == 4
    assert report.problem == "record content was altered"
    assert report.checked == 3


def test_edited_row_with_recomputed_hash_breaks_the_next_link(db_url: str) -> None:
    from storage.audit import chain_hash

    _seed(db_url)
    with session_scope(db_url) as s:
        ev = s.scalars(select(RedactionEvent).where(RedactionEvent.seq == 2)).one()
        ev.start = 0
        ev.record_hash = chain_hash(ev.prev_hash, ev)
    with session_scope(db_url) as s:
        report = verify_chain(s)
    assert (report.ok, report.first_broken_seq) == (False, 3)
    assert report.problem == "prev_hash does not match the previous record"


def test_deleted_rows_are_caught(db_url: str) -> None:
    _seed(db_url)
    with session_scope(db_url) as s:
        s.execute(delete(RedactionEvent).where(RedactionEvent.seq == 6))
    with session_scope(db_url) as s:
        tail = verify_chain(s)
    assert (tail.ok, tail.first_broken_seq) == (False, 6)
    with session_scope(db_url) as s:
        s.execute(delete(RedactionEvent).where(RedactionEvent.seq == 2))
    with session_scope(db_url) as s:
        middle = verify_chain(s)
    assert (middle.ok, middle.first_broken_seq, middle.problem) == (False, 2, "record 2 is missing")


def test_records_hold_no_values(db_url: str) -> None:
    _seed(db_url, 1)
    with session_scope(db_url) as s:
        ev = s.scalars(select(RedactionEvent)).first()
        assert ev is not None
        columns = set(RedactionEvent.__table__.columns.keys())
    assert not {"value", "text", "original"} & columns
    assert ev.value_hash == "ab" * 32


def test_audio_detection_action_fits_every_backend(db_url: str) -> None:
    """Regression: "replaced+silenced" (17 characters) overflowed a String(16) column on PostgreSQL."""
    det = _det(0).model_copy(update={"audio_start": 1.25, "audio_end": 2.5})
    with session_scope(db_url) as s:
        inter = register(s, call_id="A1", content_sha256="a" * 64, kind="audio", source_name="A1.ogg",
                         run_id=None).interaction
        assert inter is not None
        append_detections(s, run_id=None, interaction_id=inter.id, detections=[det])
    with session_scope(db_url) as s:
        assert s.scalars(select(RedactionEvent.action)).one() == "replaced+silenced"
        assert verify_chain(s).ok


def test_field_detections_are_chained_and_sentence_records_keep_their_old_hash(db_url: str) -> None:
    """A value found in metadata is recorded with its field; the field is part of the chained content only when
    set, so records written before the column existed (and sentence records now) hash exactly as before."""
    from storage.audit import GENESIS_HASH, chain_hash

    field_det = _det(-1).model_copy(update={"field": "metadata.note", "speaker": None})
    with session_scope(db_url) as s:
        inter = register(s, call_id="F1", content_sha256="f" * 64, kind="transcript", source_name="F1.json",
                         run_id=None).interaction
        assert inter is not None
        append_detections(s, run_id=None, interaction_id=inter.id, detections=[_det(0), field_det])
    with session_scope(db_url) as s:
        first, second = s.scalars(select(RedactionEvent).order_by(RedactionEvent.seq)).all()
        assert (first.field, second.field, second.segment_idx) == (None, "metadata.note", -1)
        assert chain_hash(GENESIS_HASH, first) == first.record_hash and verify_chain(s).ok
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 2).values(field="metadata.other"))
    with session_scope(db_url) as s:
        report = verify_chain(s)
    assert not report.ok and report.first_broken_seq == 2
