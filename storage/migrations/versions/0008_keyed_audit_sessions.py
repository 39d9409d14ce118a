"""Keyed audit chain (record version + signing key id), server-side web sessions, atomic login throttles.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redaction_events") as batch:
        batch.add_column(sa.Column("chain_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chain_key_id", sa.String(16), nullable=True))
    op.create_table(
        "web_sessions",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("last_seen", sa.Float(), nullable=False),
        sa.Column("revoked_at", sa.Float(), nullable=True),
        sa.Column("revoked_why", sa.String(32), nullable=True),
        sa.Column("client", sa.String(64), nullable=False, server_default=""),
        sa.Column("n_requests", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "login_throttles",
        sa.Column("scope", sa.String(80), primary_key=True),
        sa.Column("window_start", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("login_throttles")
    op.drop_table("web_sessions")
    with op.batch_alter_table("redaction_events") as batch:
        batch.drop_column("chain_key_id")
        batch.drop_column("chain_version")
