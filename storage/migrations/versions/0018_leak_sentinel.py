"""Leak sentinel counts per call: residual digit runs and e-mail shapes in the stored redacted text (issue 14).

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("residual_digit_runs", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("residual_email_shapes", sa.Integer(), nullable=True))


def downgrade() -> None:
    # recreate="never": a plain DROP COLUMN (SQLite >= 3.35); rebuilding the table would break the foreign keys
    # that point at interactions once it holds data
    with op.batch_alter_table("interactions", recreate="never") as batch:
        batch.drop_column("residual_email_shapes")
        batch.drop_column("residual_digit_runs")
