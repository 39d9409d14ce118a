"""Redaction events for values found outside the segment text (``metadata.note`` …).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redaction_events") as batch:
        batch.add_column(sa.Column("field", sa.String(128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("redaction_events") as batch:
        batch.drop_column("field")
