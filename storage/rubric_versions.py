"""Rubric versions (D63): a rubric file is recorded as a draft or published as an immutable version.

A published version is (rubric id, version, content hash) plus the text and path it was read from; one
version per rubric id is published at a time (publishing retires the previous one). The same id and version
with other content is refused: a changed rubric needs a new ``version``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base
from storage.types import UtcDateTime

VERSION_STATUSES = ("draft", "published", "retired")


class RubricVersion(Base):
    __tablename__ = "rubric_versions"
    __table_args__ = (UniqueConstraint("rubric_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    path: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    """The YAML text as published (for the record; scoring re-reads ``path`` and checks the hash)."""
    actor: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class VersionConflict(ValueError):
    """The same rubric id and version already recorded with other content."""


def record(session: Session, *, rubric_id: str, version: str, content_hash: str, path: str, content: str,
           actor: str, publish: bool, now: datetime) -> tuple[RubricVersion, bool]:
    """Record a draft or publish; returns (row, whether anything changed). Raises ``VersionConflict``."""
    row = session.scalar(select(RubricVersion).where(RubricVersion.rubric_id == rubric_id,
                                                     RubricVersion.version == version))
    if row is not None and row.content_hash != content_hash:
        raise VersionConflict(f"rubric {rubric_id} version {version} is already recorded with hash "
                              f"{row.content_hash[:12]}; this content has {content_hash[:12]}")
    if row is None:
        row = RubricVersion(rubric_id=rubric_id, version=version, content_hash=content_hash, path=path,
                            content=content, actor=actor, status="draft")
        session.add(row)
        session.flush()
        changed = True
    else:
        changed = False
    if publish and row.status != "published":
        for old in session.scalars(select(RubricVersion).where(RubricVersion.rubric_id == rubric_id,
                                                               RubricVersion.status == "published")):
            old.status = "retired"
        row.status, row.published_at, row.actor, row.path = "published", now, actor, path
        changed = True
    return row, changed


def published(session: Session, rubric_id: str) -> RubricVersion | None:
    return session.scalar(select(RubricVersion).where(RubricVersion.rubric_id == rubric_id,
                                                      RubricVersion.status == "published"))


def all_versions(session: Session) -> list[RubricVersion]:
    return list(session.scalars(select(RubricVersion).order_by(RubricVersion.rubric_id, RubricVersion.id)))


def select_by_hash(content_hash: str) -> Select[tuple[RubricVersion]]:
    return select(RubricVersion).where(RubricVersion.content_hash == content_hash)
