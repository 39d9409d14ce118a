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


def downgrade() -> None:
    with op.batch_alter_table("redaction_events") as batch:
        batch.drop_column("chain_key_id")
        batch.drop_column("chain_version")
