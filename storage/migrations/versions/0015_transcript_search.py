"""Full-text search over the redacted transcripts, the call-time index the search and reports filter on, and
the daily verdict aggregates.

SQLite: an FTS5 table with the trigram tokenizer over ``segments.text`` (external content, kept in step with
``segments`` by three triggers, so every path that stores a transcript updates it). PostgreSQL: a ``pg_trgm``
GIN index on ``segments.text`` (``ILIKE '%phrase%'`` uses it). Names live in ``storage.search_index``.

Revision ID: 0015
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0018"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE segments_fts USING fts5(text, content='segments', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER segments_fts_ai AFTER INSERT ON segments BEGIN "
    "INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER segments_fts_ad AFTER DELETE ON segments BEGIN "
    "INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER segments_fts_au AFTER UPDATE OF text ON segments BEGIN "
    "INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO segments_fts(segments_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = ("DROP TRIGGER segments_fts_au", "DROP TRIGGER segments_fts_ad", "DROP TRIGGER segments_fts_ai",
               "DROP TABLE segments_fts")


def _trgm_schema() -> str:
    """The schema pg_trgm lives in: created in ``public`` unless the database already has it elsewhere."""
    bind = op.get_bind()
    bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    found = bind.execute(sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                                 "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")).scalar()
    return str(found or "public")


def _verdict_tables() -> None:
    op.create_table(
        "report_daily_verdicts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, index=True),
        sa.Column("agent_id", sa.String(64), nullable=False),
        sa.Column("indicator", sa.String(16), nullable=False),
        sa.Column("confirmed", sa.Integer, nullable=False),
        sa.Column("dismissed", sa.Integer, nullable=False),
        sa.UniqueConstraint("day", "agent_id", "indicator", name="uq_report_daily_verdicts_key"),
    )
    op.create_table(
        "report_refresh_marks",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def upgrade() -> None:
    op.create_index("ix_interactions_started_at", "interactions", ["started_at"])
    _verdict_tables()
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    schema = _trgm_schema()
    op.execute(f'CREATE INDEX ix_segments_text_trgm ON segments USING gin (text "{schema}".gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX ix_segments_text_trgm")
    op.drop_table("report_refresh_marks")
    op.drop_table("report_daily_verdicts")
    op.drop_index("ix_interactions_started_at", table_name="interactions")
