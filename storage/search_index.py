"""Full-text match over the REDACTED transcripts (built by migration 0015, D121).

SQLite: the FTS5 trigram table ``segments_fts`` (a phrase of three or more characters is an FTS ``MATCH``;
shorter ones, such as a two-character Chinese word, fall back to ``LIKE``, which the trigram tokenizer
cannot index). PostgreSQL: ``ILIKE`` served by the ``pg_trgm`` GIN index ``ix_segments_text_trgm``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, literal_column, select, text
from sqlalchemy.orm import Session

from storage.models import SegmentRow

FTS_TABLE = "segments_fts"
TRGM_INDEX = "ix_segments_text_trgm"
MAX_PHRASE = 64
"""Longest phrase searched (characters); longer input is cut, never echoed back in an error."""


def is_search_object(name: str | None) -> bool:
    """The search objects the ORM models do not declare (the migration drift test leaves them out)."""
    return bool(name) and (name == TRGM_INDEX or str(name).startswith(FTS_TABLE))


def _like(phrase: str) -> str:
    escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def segment_condition(session: Session, phrase: str) -> Any:
    """The condition "this stored sentence contains ``phrase``" (case-insensitive) on ``segments``."""
    phrase = phrase.strip()[:MAX_PHRASE]
    if session.get_bind().dialect.name == "postgresql":
        return SegmentRow.text.ilike(_like(phrase), escape="\\")
    if len(phrase) < 3:
        return SegmentRow.text.like(_like(phrase), escape="\\")
    quoted = '"' + phrase.replace('"', '""') + '"'
    rowids: Select[Any] = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
        text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=quoted))
    return SegmentRow.id.in_(rowids)


def matching_interactions(session: Session, phrase: str) -> Any:
    """A subquery of the interaction ids whose redacted transcript contains ``phrase``."""
    return select(SegmentRow.interaction_id).where(segment_condition(session, phrase)).correlate(None)
