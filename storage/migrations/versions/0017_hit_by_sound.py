"""Hits record whether their rule matched by sound (按读音匹配, issue 19): ``hits.by_sound``.

Each span in ``hits.matches`` also carries ``by_sound`` (JSON, no schema change); rows written before this
revision read as matched by characters.

Revision ID: 0017
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hits") as batch:
        batch.add_column(sa.Column("by_sound", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("hits", recreate="never") as batch:  # plain DROP COLUMN (see 0018)
        batch.drop_column("by_sound")
