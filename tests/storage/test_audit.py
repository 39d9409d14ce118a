"""The audit log is append-only, keyed and anchored: every kind of tampering is named, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, update

from common.keys import KeyedHasher
from storage.audit import ChainReport, append_detections, verify_chain
from storage.audit_anchor import AnchorError, read_anchors, write_anchor
from storage.audit_chain import GENESIS_HASH, ChainKeys, chain_hash
from storage.db import session_scope
from storage.interactions import register
from storage.models import AuditHead, Interaction, RedactionEvent
from transcripts.models import Detection

KEYS = ChainKeys(KeyedHasher(b"audit-test-key-0123456789abcdef!"))
OTHER = ChainKeys(KeyedHasher(b"an-attackers-own-key-0123456789!"))


def _det(segment: int, pii_type: str = "PHONE") -> Detection:
    return Detection(segment=segment, start=3, end=14, type=pii_type, detector="phone", detector_version="1.0",  # type: ignore[arg-type]
                     confidence=0.95, validators=("mobile_prefix",), value_hash="ab" * 32, key_id="k1",
                     speaker="customer")


def _seed(url: str, n_calls: int = 3, keys: ChainKeys = KEYS) -> None:
    for i in range(n_calls):
        with session_scope(url) as s:
            inter = register(s, call_id=f"C{i}", content_sha256=f"{i:064d}", kind="audio", source_name=f"C{i}.wav",
                             run_id=None).interaction
            assert inter is not None
            append_detections(s, run_id=None, interaction_id=inter.id, detections=[_det(0), _det(2, "ID_CARD")],
                              keys=keys)


def _anchored(url: str, tmp_path: Path) -> Path:
    """Six records in three calls, anchored at the end of the 'run'."""
    _seed(url)
    path = tmp_path / "anchor.jsonl"
    with session_scope(url) as s:
        write_anchor(s, path, KEYS, run_id=None)
    return path


def _verify(url: str, anchor: Path, keys: ChainKeys = KEYS, incremental: bool = False) -> ChainReport:
    with session_scope(url) as s:
        return verify_chain(s, keys, read_anchors(anchor, keys), incremental=incremental)


def _set_head(url: str) -> None:
    """What an attacker with database access does after deleting: make the head match the rows left."""
    with session_scope(url) as s:
        last = s.scalars(select(RedactionEvent).order_by(RedactionEvent.seq.desc()).limit(1)).first()
        s.execute(update(AuditHead).where(AuditHead.id == 1).values(
            seq=last.seq if last else 0, last_hash=last.record_hash if last else GENESIS_HASH))


def test_intact_chain_verifies_fully_and_incrementally(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    assert _verify(db_url, anchor) == ChainReport(True, 6)
    _seed(db_url, 1)  # a later run's records, not yet anchored
    quick = _verify(db_url, anchor, incremental=True)
    assert (quick.ok, quick.checked, quick.since_seq) == (True, 2, 6)
    with session_scope(db_url) as s:
        versions = set(s.scalars(select(RedactionEvent.chain_version)))
        key_ids = set(s.scalars(select(RedactionEvent.chain_key_id)))
    assert versions == {2} and key_ids == {KEYS.key_id}


def test_1_edited_value(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 4).values(pii_type="EMAIL"))
    assert _verify(db_url, anchor) == ChainReport(False, 3, 4, "record content was altered")


def test_2_deleted_middle_record(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(delete(RedactionEvent).where(RedactionEvent.seq == 2))
    assert _verify(db_url, anchor) == ChainReport(False, 1, 2, "record 2 is missing (gap)")


def test_3_reordered_records(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:  # swap records 2 and 3 (through a free number: seq is unique)
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 2).values(seq=1000))
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 3).values(seq=2))
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 1000).values(seq=3))
    report = _verify(db_url, anchor)
    assert (report.ok, report.first_broken_seq) == (False, 2)
    assert report.problem in ("prev_hash does not match the previous record", "record content was altered")


def test_4_inserted_record(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:  # a forged record in the middle: shift the tail up, slip one in at 3
        for seq in range(6, 2, -1):
            s.execute(update(RedactionEvent).where(RedactionEvent.seq == seq).values(seq=seq + 1))
        row = {c: getattr(s.scalars(select(RedactionEvent).where(RedactionEvent.seq == 2)).one(), c)
               for c in (col.name for col in RedactionEvent.__table__.columns) if c != "id"}
        s.execute(insert(RedactionEvent).values(row | {"seq": 3, "record_hash": "f" * 64}))
    report = _verify(db_url, anchor)
    assert (report.ok, report.first_broken_seq) == (False, 3)


def test_5_edited_prev_hash(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 5).values(prev_hash="0" * 64))
    assert _verify(db_url, anchor) == ChainReport(False, 4, 5, "prev_hash does not match the previous record")


def test_6_deleted_tail_head_untouched(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    _seed(db_url, 1)  # two records after the anchor …
    with session_scope(db_url) as s:  # … the newest of which is deleted
        s.execute(delete(RedactionEvent).where(RedactionEvent.seq == 8))
    report = _verify(db_url, anchor)
    assert (report.ok, report.first_broken_seq) == (False, 8)
    assert report.problem and "head does not match" in report.problem


def test_7_deleted_newest_records_and_head_updated(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(delete(RedactionEvent).where(RedactionEvent.seq >= 5))
    _set_head(db_url)
    report = _verify(db_url, anchor)
    assert (report.ok, report.first_broken_seq) == (False, 5)
    assert report.problem and report.problem.startswith("truncated tail") and "holds 4" in report.problem
    quick = _verify(db_url, anchor, incremental=True)  # the page's cheap check sees it too
    assert not quick.ok and quick.problem and "truncated" in quick.problem


def test_8_deleted_everything_and_the_head(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(delete(RedactionEvent))
        s.execute(delete(AuditHead))
    report = _verify(db_url, anchor)
    assert not report.ok and report.problem and "counts 6 records, the database holds 0" in report.problem


def test_9_edited_and_rehashed_without_the_key(db_url: str, tmp_path: Path) -> None:
    """The old attack: recompute plain SHA-256 hashes from the edit onwards and move the head."""
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        events = s.scalars(select(RedactionEvent).order_by(RedactionEvent.seq)).all()
        prev = events[2].record_hash
        for ev in events[3:]:
            ev.start, ev.chain_version, ev.prev_hash = 0, None, prev
            ev.record_hash = prev = chain_hash(prev, ev)
        s.flush()
    _set_head(db_url)
    report = _verify(db_url, anchor)
    assert (report.ok, report.first_broken_seq) == (False, 4)
    assert report.problem and "rewritten without the key" in report.problem


def test_9b_whole_chain_rewritten_unkeyed(db_url: str, tmp_path: Path) -> None:
    """Every record rewritten as an unkeyed version-1 chain: only the anchor can tell."""
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        prev = GENESIS_HASH
        for ev in s.scalars(select(RedactionEvent).order_by(RedactionEvent.seq)).all():
            ev.chain_version, ev.chain_key_id, ev.prev_hash = None, None, prev
            ev.record_hash = prev = chain_hash(prev, ev)
            s.flush()
    _set_head(db_url)
    report = _verify(db_url, anchor)
    assert (report.ok, report.first_broken_seq) == (False, 6)
    assert report.problem and "chain was rewritten" in report.problem


def test_9c_rehashed_with_an_attackers_key(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        events = s.scalars(select(RedactionEvent).order_by(RedactionEvent.seq)).all()
        prev = events[0].record_hash
        for ev in events[1:]:
            ev.start, ev.chain_key_id, ev.prev_hash = 0, OTHER.key_id, prev
            ev.record_hash = prev = chain_hash(prev, ev, s.get_one(Interaction, ev.interaction_id).call_id,
                                               OTHER.secret(OTHER.key_id))
        s.flush()
    report = _verify(db_url, anchor)
    assert (report.ok, report.first_broken_seq) == (False, 2)
    assert report.problem and f"key {OTHER.key_id}, which is not configured" in report.problem


def test_10_changed_call_id(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(update(Interaction).where(Interaction.call_id == "C1").values(call_id="=HYPERLINK(1)"))
    assert _verify(db_url, anchor) == ChainReport(False, 2, 3, "record content was altered")


def test_11_missing_anchor(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    anchor.unlink()
    report = _verify(db_url, anchor)
    assert not report.ok and report.problem and report.problem.startswith("anchor file missing")


def test_12_edited_anchor(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    anchor.write_text(anchor.read_text().replace('"seq": 6', '"seq": 4'))
    with pytest.raises(AnchorError, match=r"anchor.jsonl:1: signature does not match"):
        read_anchors(anchor, KEYS)


def test_wrong_key(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    with pytest.raises(AnchorError, match="not configured"):
        read_anchors(anchor, OTHER)
    with session_scope(db_url) as s:
        report = verify_chain(s, OTHER, [])
    assert (report.ok, report.first_broken_seq) == (False, 1)
    assert report.problem and f"key {KEYS.key_id}, which is not configured" in report.problem


def test_rotated_key_keeps_older_records_verifying(db_url: str, tmp_path: Path) -> None:
    anchor = _anchored(db_url, tmp_path)
    rotated = ChainKeys(OTHER.current, retired=(KEYS.current,))
    _seed(db_url, 1, keys=rotated)
    with session_scope(db_url) as s:
        write_anchor(s, anchor, rotated)
    assert _verify(db_url, anchor, rotated) == ChainReport(True, 8)


def test_legacy_unkeyed_chain_still_verifies(db_url: str, tmp_path: Path) -> None:
    """Records written before migration 0008 (version 1, plain SHA-256) verify; new ones continue keyed."""
    _seed(db_url, 1)
    with session_scope(db_url) as s:
        prev = GENESIS_HASH
        for ev in s.scalars(select(RedactionEvent).order_by(RedactionEvent.seq)).all():
            ev.chain_version, ev.chain_key_id, ev.prev_hash = None, None, prev
            ev.record_hash = prev = hashlib.sha256(prev.encode() + b"\n" + _v1(ev)).hexdigest()
            s.flush()
    _set_head(db_url)
    path = tmp_path / "anchor.jsonl"
    with session_scope(db_url) as s:
        write_anchor(s, path, KEYS)
    _seed(db_url, 1)
    assert _verify(db_url, path) == ChainReport(True, 4)


def _v1(ev: RedactionEvent) -> bytes:
    from storage.audit_chain import canonical

    return canonical(ev)


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
        append_detections(s, run_id=None, interaction_id=inter.id, detections=[det], keys=KEYS)
    with session_scope(db_url) as s:
        assert s.scalars(select(RedactionEvent.action)).one() == "replaced+silenced"
        assert verify_chain(s, KEYS, None).problem is not None  # no anchor yet


def test_field_detections_are_chained_and_sentence_records_keep_their_old_hash(db_url: str) -> None:
    """A value found in metadata is recorded with its field; the field is part of the chained content only when
    set, so records written before the column existed (and sentence records now) hash exactly as before."""
    from storage.audit import GENESIS_HASH, chain_hash

    field_det = _det(-1).model_copy(update={"field": "metadata.note", "speaker": None})
    with session_scope(db_url) as s:
        inter = register(s, call_id="F1", content_sha256="f" * 64, kind="transcript", source_name="F1.json",
                         run_id=None).interaction
        assert inter is not None
        append_detections(s, run_id=None, interaction_id=inter.id, detections=[_det(0), field_det], keys=KEYS)
    with session_scope(db_url) as s:
        first, second = s.scalars(select(RedactionEvent).order_by(RedactionEvent.seq)).all()
        assert (first.field, second.field, second.segment_idx) == (None, "metadata.note", -1)
        assert chain_hash(GENESIS_HASH, first, "F1", KEYS.secret(KEYS.key_id)) == first.record_hash
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 2).values(field="metadata.other"))
    with session_scope(db_url) as s:
        report = verify_chain(s, KEYS, [])
    assert not report.ok and report.first_broken_seq == 2
