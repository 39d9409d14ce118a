"""Voiceless stretches of a recording measured from channel energy (issue 19, ``Transcript.voice_silences``).

Revision ID: 0020
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("voice_silences", sa.JSON(), nullable=True))


def downgrade() -> None:
    # recreate="never": a plain DROP COLUMN (SQLite >= 3.35); rebuilding the table would break the foreign keys
    # that point at interactions once it holds data
    with op.batch_alter_table("interactions", recreate="never") as batch:
        batch.drop_column("voice_silences")
