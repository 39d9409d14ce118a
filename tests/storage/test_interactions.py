"""Registration is idempotent and keyed by content; a failed call may be re-delivered."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.db import session_scope
from storage.interactions import mark_failed, pending, register
from storage.models import Interaction


def _reg(url: str, call_id: str, digest: str) -> str:
    with session_scope(url) as s:
        return register(s, call_id=call_id, content_sha256=digest, kind="audio", source_name=f"{call_id}.wav",
                        run_id=None).status


def test_register_once(db_url: str) -> None:
    assert _reg(db_url, "C1", "a" * 64) == "new"
    assert _reg(db_url, "C1", "a" * 64) == "existing"
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count(Interaction.id))) == 1


def test_same_content_under_another_name_is_a_duplicate(db_url: str) -> None:
    _reg(db_url, "C1", "a" * 64)
    assert _reg(db_url, "C2", "a" * 64) == "duplicate_content"


def test_changed_content_for_a_live_call_is_a_conflict(db_url: str) -> None:
    _reg(db_url, "C1", "a" * 64)
    assert _reg(db_url, "C1", "b" * 64) == "call_id_conflict"


def test_failed_call_can_be_redelivered(db_url: str) -> None:
    _reg(db_url, "C1", "a" * 64)
    with session_scope(db_url) as s:
        inter = s.scalars(select(Interaction)).one()
        mark_failed(s, inter, stage="transcribe", reason_code="truncated", reason="x")
    assert _reg(db_url, "C1", "b" * 64) == "replaced"
    with session_scope(db_url) as s:
        inter = s.scalars(select(Interaction)).one()
        assert (inter.state, inter.reason_code, inter.content_sha256) == ("registered", None, "b" * 64)
        assert [i.call_id for i in pending(s)] == ["C1"]


def test_segment_flags_round_trip(db_url: str) -> None:
    from storage.interactions import load_redacted_transcript, store_redacted_transcript
    from transcripts.models import Segment, Transcript

    segs = (Segment(speaker="agent", start=0.0, end=1.0, text="您好"),
            Segment(speaker="customer", start=1.2, end=9.0, text="喂喂喂喂", flags=("repetition_loop",)))
    transcript = Transcript(call_id="F1", segments=segs)
    with session_scope(db_url) as s:
        inter = register(s, call_id="F1", content_sha256="f" * 64, kind="audio", source_name="F1.ogg",
                         run_id=None).interaction
        assert inter is not None
        store_redacted_transcript(s, inter, transcript, None, None)
    with session_scope(db_url) as s:
        inter = s.scalars(select(Interaction).where(Interaction.call_id == "F1")).one()
        loaded = load_redacted_transcript(s, inter)
    assert [seg.flags for seg in loaded.segments] == [(), ("repetition_loop",)]


def test_runs_registering_the_same_file_at_once_see_one_registration(pg_url: str) -> None:
    """Parallel runs scanning one inbox: one registers each file, the others find it — never a conflict
    (the lost race used to read as 'already registered with other content' and quarantined a good file).
    PostgreSQL only: on SQLite a writer that lost the race gets a transient 'database is locked', which the
    ingest task's retry policy re-runs (tests/flows/test_work_sharing.py covers SQLite end to end)."""
    db_url = pg_url
    import threading

    outcomes: list[str] = []
    start = threading.Barrier(6)

    def one(n: int) -> None:
        start.wait()
        for k in range(20):
            outcomes.append(_reg(db_url, f"R{k:02d}", f"{k:064x}"))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(outcomes)) == ["existing", "new"] and outcomes.count("new") == 20


def test_voice_silences_round_trip(db_url: str) -> None:
    """Measured voiceless stretches come back as stored; 'not measured' (None) stays distinct from 'none found'."""
    from storage.interactions import load_redacted_transcript, store_redacted_transcript
    from transcripts.models import Segment, Transcript

    segs = (Segment(speaker="agent", start=0.0, end=1.0, text="您好"),)
    cases = {"V1": ((2.5, 19.0), (30.0, 32.25)), "V2": (), "V3": None}
    with session_scope(db_url) as s:
        for n, (call_id, silences) in enumerate(cases.items()):
            inter = register(s, call_id=call_id, content_sha256=str(n) * 64, kind="audio",
                             source_name=f"{call_id}.ogg", run_id=None).interaction
            assert inter is not None
            store_redacted_transcript(s, inter, Transcript(call_id=call_id, segments=segs, voice_silences=silences),
                                      None, None)
    with session_scope(db_url) as s:
        loaded = {i.call_id: load_redacted_transcript(s, i).voice_silences for i in s.scalars(select(Interaction))}
    assert loaded == cases
