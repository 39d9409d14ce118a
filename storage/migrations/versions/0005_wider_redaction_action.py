"""Widen redaction_events.action: "replaced+silenced" (17 characters) did not fit String(16) on PostgreSQL.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redaction_events") as batch:
        batch.alter_column("action", existing_type=sa.String(length=16), type_=sa.String(length=32),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("redaction_events") as batch:
        batch.alter_column("action", existing_type=sa.String(length=32), type_=sa.String(length=16),
                           existing_nullable=False)
