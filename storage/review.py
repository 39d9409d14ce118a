"""Review workbench tables: users, the action history, per-hit verdicts, score adjustments, appeals, rule switches.

Same ``Base`` as ``storage.models`` so one migration history covers both. Every change a person makes to a
review item is also written to ``review_actions`` (who, when, what) by the helpers in ``storage.review_ops``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UtcDateTime

ROLES = ("qa", "supervisor", "compliance", "admin", "agent")
ROLE_ZH = {"qa": "质检员", "supervisor": "主管", "compliance": "合规官", "admin": "管理员", "agent": "坐席"}
VERDICTS = ("confirmed", "false_positive")
ITEM_STATUSES = ("open", "resolved", "appealed", "locked")
APPEAL_STATUSES = ("filed", "accepted", "rejected")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    """``scrypt$n$r$p$salt_hex$hash_hex`` (see ``callqa.web.passwords``)."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    agent_id: Mapped[str | None] = mapped_column(String(64))
    """For the ``agent`` role: the agent id (``interactions.agent_id``) whose calls this account sees."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class ApiToken(Base):
    """A per-user API token (``Authorization: Bearer …``). Only its SHA-256 is stored; shown once when issued."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    """The token's first characters, to tell tokens apart in ``callqa tokens list`` (not enough to use one)."""
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class LoginAttempt(Base):
    """Failed and successful logins, for throttling (failures per username + client address)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    client: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now(), index=True)


class ReviewAction(Base):
    """One thing a person (or the auto-close switch) did to a review item. Append-only."""

    __tablename__ = "review_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    hit_id: Mapped[int | None] = mapped_column(ForeignKey("hits.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class HitVerdict(Base):
    """The current verdict on one hit (确认 / 误报); the history of changes is in ``review_actions``."""

    __tablename__ = "hit_verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    hit_id: Mapped[int] = mapped_column(ForeignKey("hits.id", ondelete="CASCADE"), unique=True)
    indicator: Mapped[str] = mapped_column(String(16), index=True)
    verdict: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now(),
                                                 onupdate=func.now())


ADJUSTMENT_SOURCES = ("manual", "verdict", "appeal")


class ScoreAdjustment(Base):
    """A change of a review item's score: set by hand, by an appeal ruling, or caused by a hit verdict (D60).

    The newest one per review item is the effective score (0–100); the automatic score stays in ``scores``.
    """

    __tablename__ = "score_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    previous: Mapped[float] = mapped_column(Float)
    adjusted: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="manual", server_default="manual")
    """One of ``ADJUSTMENT_SOURCES``."""
    hit_id: Mapped[int | None] = mapped_column(ForeignKey("hits.id"))
    """The hit whose verdict caused the change (``source`` verdict)."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class Appeal(Base):
    """申诉 on a hit (``hit_id``) or on the score (``hit_id`` None). ``final`` locks the review item."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    hit_id: Mapped[int | None] = mapped_column(ForeignKey("hits.id"))
    filed_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="filed", index=True)
    recheck_note: Mapped[str | None] = mapped_column(Text)
    ruled_by: Mapped[str | None] = mapped_column(String(64))
    ruling_reason: Mapped[str | None] = mapped_column(Text)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())
    ruled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class RuleSetting(Base):
    """Per-indicator switches set on the rule-quality page."""

    __tablename__ = "rule_settings"

    indicator: Mapped[str] = mapped_column(String(16), primary_key=True)
    auto_close: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now(),
                                                 onupdate=func.now())


class ReviewItemState(Base):
    """Review bookkeeping per item that ``review_items`` does not hold: when it was resolved and by whom."""

    __tablename__ = "review_item_states"

    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), primary_key=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution_note: Mapped[str | None] = mapped_column(Text)


class ChainCheck(Base):
    """One full verification of the redaction audit chain, by whom and with what result.

    Verifying is linear in the log (~35 µs a record), so the compliance page shows the latest check and how
    many records were appended since, and re-verifies on request rather than on every page view.
    """

    __tablename__ = "chain_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean)
    checked: Mapped[int] = mapped_column(Integer)
    """Records verified intact (all of them when ``ok``)."""
    first_broken_seq: Mapped[int | None] = mapped_column(Integer)
    problem: Mapped[str | None] = mapped_column(String(200))
    seconds: Mapped[float] = mapped_column(Float)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime(), server_default=func.now())
