"""Daily aggregate tables and the agent → team mapping for reports and dashboards (issue 16).

Revision ID: 0009
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0013"
branch_labels = None
depends_on = None

_KEY = ("day", "agent_id", "queue", "channel")


def upgrade() -> None:
    op.create_table(
        "report_daily",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, index=True),
        sa.Column("agent_id", sa.String(64), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        *(sa.Column(name, sa.Integer, nullable=False) for name in
          ("received", "scored", "quarantined", "passed", "flagged", "fatal", "red", "yellow", "blue", "queued")),
        sa.Column("score_sum", sa.Float, nullable=False),
        sa.Column("score_min", sa.Float, nullable=True),
        sa.UniqueConstraint(*_KEY, name="uq_report_daily_key"),
    )
    op.create_table(
        "report_daily_hits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, index=True),
        sa.Column("agent_id", sa.String(64), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("indicator", sa.String(16), nullable=False),
        sa.Column("dimension", sa.String(32), nullable=False),
        sa.Column("hits", sa.Integer, nullable=False),
        sa.UniqueConstraint(*_KEY, "indicator", name="uq_report_daily_hits_key"),
    )


    op.create_table(
        "agents",
        sa.Column("agent_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("team", sa.String(64), nullable=False, index=True),
        sa.Column("supervisor", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("agents")
    op.drop_table("report_daily_hits")
    op.drop_table("report_daily")
