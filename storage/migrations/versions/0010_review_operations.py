"""Review operations: N/A indicators per score; where a score change came from (D60); tokens; outbox; rubric versions.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("review_item_id", sa.Integer(), sa.ForeignKey("review_items.id"), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("destination", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("review_item_id", "event", "destination"),
    )
    op.create_index("ix_alert_outbox_review_item_id", "alert_outbox", ["review_item_id"])
    op.create_index("ix_alert_outbox_status", "alert_outbox", ["status"])
    op.create_table(
        "rubric_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rubric_id", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("rubric_id", "version"),
    )
    op.create_index("ix_rubric_versions_rubric_id", "rubric_versions", ["rubric_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("agent_id", sa.String(64), nullable=True))
    op.create_table(
        "coaching_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interactions.id"), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_coaching_notes_interaction_id", "coaching_notes", ["interaction_id"])
    op.create_table(
        "appeal_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("review_item_id", sa.Integer(), sa.ForeignKey("review_items.id"), nullable=False),
        sa.Column("hit_id", sa.Integer(), sa.ForeignKey("hits.id"), nullable=True),
        sa.Column("agent_user", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("appeal_id", sa.Integer(), sa.ForeignKey("appeals.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_appeal_requests_review_item_id", "appeal_requests", ["review_item_id"])
    op.create_index("ix_appeal_requests_status", "appeal_requests", ["status"])
    op.create_table(
        "calibration_reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("review_item_id", sa.Integer(), sa.ForeignKey("review_items.id"), nullable=False),
        sa.Column("hit_id", sa.Integer(), sa.ForeignKey("hits.id", ondelete="CASCADE"), nullable=False),
        sa.Column("indicator", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("hit_id", "reviewer"),
    )
    op.create_index("ix_calibration_reviews_review_item_id", "calibration_reviews", ["review_item_id"])
    op.create_index("ix_calibration_reviews_indicator", "calibration_reviews", ["indicator"])
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
    op.drop_table("calibration_reviews")
    op.drop_table("appeal_requests")
    op.drop_table("coaching_notes")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("agent_id")
    op.drop_index("ix_rubric_versions_rubric_id", "rubric_versions")
    op.drop_table("rubric_versions")
    op.drop_table("alert_outbox")
    op.drop_index("ix_api_tokens_user_id", "api_tokens")
    op.drop_table("api_tokens")
