"""Retention events for originals leaving the inbox.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("moved_to", sa.Text(), nullable=True),
        sa.Column("policy", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["interaction_id"], ["interactions.id"]),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("retention_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retention_events_interaction_id"), ["interaction_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("retention_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_events_interaction_id"))
    op.drop_table("retention_events")
