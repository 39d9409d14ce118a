"""Sampling plans (picks, the plan on a review item) and the shared API rate-limit windows (D131, D133).

Revision ID: 0016
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sampling_picks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan", sa.String(60), nullable=False),
        sa.Column("group_key", sa.String(200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interactions.id"), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("plan", "group_key", "period_start", "slot"),
    )
    op.create_table(
        "api_rate_windows",
        sa.Column("token_id", sa.Integer(), primary_key=True),
        sa.Column("window", sa.Integer(), primary_key=True),
        sa.Column("requests", sa.Integer(), nullable=False),
    )
    with op.batch_alter_table("review_items") as batch:
        batch.add_column(sa.Column("sample_plan", sa.String(60), nullable=True))


def downgrade() -> None:
    op.drop_table("api_rate_windows")
    op.drop_table("sampling_picks")
    with op.batch_alter_table("review_items", recreate="never") as batch:  # plain DROP COLUMN (see 0018)
        batch.drop_column("sample_plan")
