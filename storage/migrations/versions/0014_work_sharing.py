"""Work sharing between runs: an item's inbox and lease; a run's heartbeat, worker and wider status.

Revision ID: 0014
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("inbox", sa.Text(), nullable=True))
        batch.add_column(sa.Column("lease_owner", sa.String(96), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("runs") as batch:
        batch.alter_column("status", type_=sa.String(32), existing_type=sa.String(16))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("worker", sa.String(96), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("worker")
        batch.drop_column("heartbeat_at")
        batch.alter_column("status", type_=sa.String(16), existing_type=sa.String(32))
    with op.batch_alter_table("interactions") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
        batch.drop_column("inbox")
