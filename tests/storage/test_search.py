"""Search over every scored call on both databases: filters, full text over the redacted transcripts (FTS5
trigram on SQLite, pg_trgm on PostgreSQL), and the index kept in step when a transcript is stored again."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import get_engine, session_scope
from storage.interactions import load_redacted_transcript, store_redacted_transcript
from storage.models import Interaction
from storage.search_queries import SearchFilter, count, search
from tests.web.conftest import HASHER
from tests.web.seed import RAW_PHONE
from tests.web.seed_reports import PHRASE, seed_reports


def _ids(url: str, f: SearchFilter) -> list[str]:
    with session_scope(url) as session:
        rows = search(session, f)
        assert count(session, f) == len(rows)
        return sorted(r.call_id for r in rows)


def test_filters(db_url: str) -> None:
    s = seed_reports(db_url, HASHER)
    everything = SearchFilter(since=s.since, until=s.until)
    assert _ids(db_url, everything) == ["CALL-0001", "CALL-0002", "CALL-0003", "CALL-0101", "CALL-0102"]
    assert _ids(db_url, SearchFilter(flagged=False)) == ["CALL-0101", "CALL-0102"]
    assert _ids(db_url, SearchFilter(agent="A007")) == ["CALL-0001", "CALL-0101"]
    assert _ids(db_url, SearchFilter(team="二组")) == ["CALL-0003", "CALL-0102"]
    assert _ids(db_url, SearchFilter(queue="loans", severity="blue")) == ["CALL-0003", "CALL-0102"]
    assert _ids(db_url, SearchFilter(indicator="R12", flagged=False)) == ["CALL-0102"]
    assert _ids(db_url, SearchFilter(score_min=96, score_max=99.5)) == ["CALL-0102"]
    assert _ids(db_url, SearchFilter(fatal=True)) == ["CALL-0001"]
    assert _ids(db_url, SearchFilter(passed=False)) == ["CALL-0001"]
    assert _ids(db_url, SearchFilter(verdict="false_positive")) == ["CALL-0001"]
    assert _ids(db_url, SearchFilter(verdict="confirmed", indicator="R31")) == []
    assert _ids(db_url, SearchFilter(since=s.until, until=s.until, agent="A009")) == []


def test_full_text_over_redacted_transcripts(db_url: str) -> None:
    seed_reports(db_url, HASHER)
    assert _ids(db_url, SearchFilter(text=PHRASE)) == ["CALL-0101"]
    assert _ids(db_url, SearchFilter(text="系统比较慢")) == ["CALL-0002", "CALL-0003"]
    assert _ids(db_url, SearchFilter(text="投诉")) == ["CALL-0001"]  # two characters: below a trigram
    assert _ids(db_url, SearchFilter(text=RAW_PHONE)) == []  # the raw number never reached the database
    assert _ids(db_url, SearchFilter(text="100%_")) == []
    with session_scope(db_url) as session:
        rows = search(session, SearchFilter(text=PHRASE))
        assert rows[0].snippet is not None and PHRASE in rows[0].snippet
        assert rows[0].review_item_id is None and not rows[0].flagged


def test_index_follows_stored_transcripts(db_url: str) -> None:
    s = seed_reports(db_url, HASHER)
    with session_scope(db_url) as session:
        inter = session.get_one(Interaction, s.unflagged)
        tr = load_redacted_transcript(session, inter)
        changed = tr.model_copy(update={"segments": tuple(seg.model_copy(update={"text": "提前结清手续费"})
                                                          for seg in tr.segments)})
        store_redacted_transcript(session, inter, changed, None, None)
    assert _ids(db_url, SearchFilter(text=PHRASE)) == []
    assert _ids(db_url, SearchFilter(text="结清手续")) == ["CALL-0101"]


def test_search_index_is_built(db_url: str) -> None:
    engine = get_engine(db_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = "SELECT sql FROM sqlite_master WHERE name = 'segments_fts'"
            assert "trigram" in str(conn.execute(text(sql)).scalar())
        else:
            sql = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_segments_text_trgm'"
            assert "gin_trgm_ops" in str(conn.execute(text(sql)).scalar())


def test_migration_indexes_existing_transcripts(db_url: str) -> None:
    """A database that already holds transcripts when 0015 runs: the index covers them (and 0015 goes down)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, migrate

    seed_reports(db_url, HASHER)
    config = alembic_config(db_url)
    before_search = ScriptDirectory.from_config(config).get_revision("0015").down_revision
    command.downgrade(config, str(before_search))
    migrate(db_url)
    assert _ids(db_url, SearchFilter(text=PHRASE)) == ["CALL-0101"]
    assert _ids(db_url, SearchFilter(text="系统比较慢")) == ["CALL-0002", "CALL-0003"]


def test_this_releases_migrations_go_down_and_up_with_data(db_url: str) -> None:
    """Every revision after 0010 goes down on a database that holds calls, scores and review items, and back up."""
    from alembic import command

    from storage.db import alembic_config, migrate

    seed_reports(db_url, HASHER)
    command.downgrade(alembic_config(db_url), "0010")
    migrate(db_url)
    assert _ids(db_url, SearchFilter(text=PHRASE)) == ["CALL-0101"]
