"""Review workbench: users, login attempts, chain checks, actions, verdicts, score adjustments, appeals, rule switches.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("chain_checks",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("actor", sa.String(length=64), nullable=False),
    sa.Column("ok", sa.Boolean(), nullable=False),
    sa.Column("checked", sa.Integer(), nullable=False),
    sa.Column("first_broken_seq", sa.Integer(), nullable=True),
    sa.Column("problem", sa.String(length=200), nullable=True),
    sa.Column("seconds", sa.Float(), nullable=False),
    sa.Column("checked_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_table("login_attempts",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("username", sa.String(length=64), nullable=False),
    sa.Column("client", sa.String(length=64), nullable=False),
    sa.Column("succeeded", sa.Boolean(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempts_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempts_username"), ["username"], unique=False)

    op.create_table("rule_settings",
    sa.Column("indicator", sa.String(length=16), nullable=False),
    sa.Column("auto_close", sa.Boolean(), nullable=False),
    sa.Column("updated_by", sa.String(length=64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint("indicator")
    )
    op.create_table("users",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("username", sa.String(length=64), nullable=False),
    sa.Column("display_name", sa.String(length=64), nullable=False),
    sa.Column("role", sa.String(length=16), nullable=False),
    sa.Column("password_hash", sa.String(length=255), nullable=False),
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("username")
    )
    op.create_table("appeals",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("review_item_id", sa.Integer(), nullable=False),
    sa.Column("hit_id", sa.Integer(), nullable=True),
    sa.Column("filed_by", sa.String(length=64), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("recheck_note", sa.Text(), nullable=True),
    sa.Column("ruled_by", sa.String(length=64), nullable=True),
    sa.Column("ruling_reason", sa.Text(), nullable=True),
    sa.Column("final", sa.Boolean(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("ruled_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["hit_id"], ["hits.id"], ),
    sa.ForeignKeyConstraint(["review_item_id"], ["review_items.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeals_review_item_id"), ["review_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_status"), ["status"], unique=False)

    op.create_table("hit_verdicts",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("hit_id", sa.Integer(), nullable=False),
    sa.Column("indicator", sa.String(length=16), nullable=False),
    sa.Column("verdict", sa.String(length=16), nullable=False),
    sa.Column("comment", sa.Text(), nullable=False),
    sa.Column("reviewer", sa.String(length=64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(["hit_id"], ["hits.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("hit_id")
    )
    with op.batch_alter_table("hit_verdicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hit_verdicts_indicator"), ["indicator"], unique=False)

    op.create_table("review_actions",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("review_item_id", sa.Integer(), nullable=False),
    sa.Column("actor", sa.String(length=64), nullable=False),
    sa.Column("action", sa.String(length=32), nullable=False),
    sa.Column("hit_id", sa.Integer(), nullable=True),
    sa.Column("detail", sa.JSON(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(["hit_id"], ["hits.id"], ),
    sa.ForeignKeyConstraint(["review_item_id"], ["review_items.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_actions_review_item_id"), ["review_item_id"], unique=False)

    op.create_table("review_item_states",
    sa.Column("review_item_id", sa.Integer(), nullable=False),
    sa.Column("resolved_by", sa.String(length=64), nullable=True),
    sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("resolution_note", sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(["review_item_id"], ["review_items.id"], ),
    sa.PrimaryKeyConstraint("review_item_id")
    )
    op.create_table("score_adjustments",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("review_item_id", sa.Integer(), nullable=False),
    sa.Column("previous", sa.Float(), nullable=False),
    sa.Column("adjusted", sa.Float(), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("actor", sa.String(length=64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(["review_item_id"], ["review_items.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("score_adjustments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_adjustments_review_item_id"), ["review_item_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("score_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_adjustments_review_item_id"))

    op.drop_table("score_adjustments")
    op.drop_table("review_item_states")
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_actions_review_item_id"))

    op.drop_table("review_actions")
    with op.batch_alter_table("hit_verdicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hit_verdicts_indicator"))

    op.drop_table("hit_verdicts")
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeals_status"))
        batch_op.drop_index(batch_op.f("ix_appeals_review_item_id"))

    op.drop_table("appeals")
    op.drop_table("users")
    op.drop_table("rule_settings")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_username"))
        batch_op.drop_index(batch_op.f("ix_login_attempts_created_at"))

    op.drop_table("login_attempts")
    op.drop_table("chain_checks")
