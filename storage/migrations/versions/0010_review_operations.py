"""Review operations: not-applicable indicators per score; where a score change came from (D60).

Revision ID: 0010
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.add_column(sa.Column("not_applicable", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("score_adjustments") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="manual"))
        batch.add_column(sa.Column("hit_id", sa.Integer(), sa.ForeignKey("hits.id", name="fk_score_adjustments_hit"),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("score_adjustments") as batch:
        batch.drop_column("hit_id")
        batch.drop_column("source")
    with op.batch_alter_table("scores") as batch:
        batch.drop_column("not_applicable")
