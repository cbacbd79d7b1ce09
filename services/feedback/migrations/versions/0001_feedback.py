"""Feedback tables: ratings, suggestions (with a full-text index), notifications, revisits,
surveys, campaigns, screening.

Revision ID: 0001_feedback
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_feedback"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fb_campaigns",
        sa.Column("campaign_id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id"),
    )
    op.create_table(
        "fb_contacts",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("tracking_code", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("acceptance_due", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_table(
        "fb_notification_attempts",
        sa.Column("notification_id", sa.String(length=64), nullable=False),
        sa.Column("attempt", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("notification_id", "attempt"),
    )
    op.create_table(
        "fb_notifications",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("event_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_fb_notifications_pending",
        "fb_notifications",
        ["status", "next_attempt_at"],
        unique=False,
    )
    op.create_index(
        "ix_fb_notifications_petition", "fb_notifications", ["petition_id"], unique=False
    )
    op.create_table(
        "fb_ratings",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("stream_version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("unit_rating", sa.String(length=24), nullable=False),
        sa.Column("result_rating", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("petition_id", "stream_version"),
    )
    op.create_index(
        "ix_fb_ratings_period",
        "fb_ratings",
        ["rated_on", "region_code", "department", "category_code", "unit_rating", "result_rating"],
        unique=False,
    )
    op.create_table(
        "fb_revisits",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("tracking_code", sa.String(length=64), nullable=False),
        sa.Column("unit_rating", sa.String(length=24), nullable=False),
        sa.Column("result_rating", sa.String(length=24), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=2000), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=True),
        sa.Column("revisited_on", sa.Date(), nullable=True),
        sa.Column("survey_token_hash", sa.String(length=64), nullable=False),
        sa.Column("survey_answered_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("petition_id"),
        sa.UniqueConstraint("survey_token_hash"),
    )
    op.create_index(
        "ix_fb_revisits_queue", "fb_revisits", ["department", "state", "due_on"], unique=False
    )
    op.create_table(
        "fb_sat_cases",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_table(
        "fb_screening",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("valuable", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("forwarded_to", sa.String(length=64), nullable=True),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_table(
        "fb_suggestions",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("tracking_code", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("campaign_id", sa.String(length=64), nullable=True),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_index(
        "ix_fb_suggestions_campaign", "fb_suggestions", ["campaign_id", "received_on"], unique=False
    )
    op.create_table(
        "fb_survey_scores",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("target", sa.String(length=8), nullable=False),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("petition_id", "target", "dimension"),
    )
    _full_text()


def _full_text() -> None:
    # SQLite: FTS5 over space-separated character bigrams (CJK has no word breaks; the
    # unicode61 tokenizer then sees each bigram as one token). Elsewhere a plain table,
    # searched with ILIKE.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE fb_suggestion_fts USING fts5("
            "petition_id UNINDEXED, grams, tokenize='unicode61')"
        )
        return
    op.create_table(
        "fb_suggestion_fts",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("grams", sa.Text(), nullable=False),
    )
    op.create_index("ix_fb_suggestion_fts_petition", "fb_suggestion_fts", ["petition_id"])


def downgrade() -> None:
    op.drop_table("fb_suggestion_fts")
    op.drop_table("fb_survey_scores")
    op.drop_index("ix_fb_suggestions_campaign", table_name="fb_suggestions")
    op.drop_table("fb_suggestions")
    op.drop_table("fb_screening")
    op.drop_table("fb_sat_cases")
    op.drop_index("ix_fb_revisits_queue", table_name="fb_revisits")
    op.drop_table("fb_revisits")
    op.drop_index("ix_fb_ratings_period", table_name="fb_ratings")
    op.drop_table("fb_ratings")
    op.drop_index("ix_fb_notifications_petition", table_name="fb_notifications")
    op.drop_index("ix_fb_notifications_pending", table_name="fb_notifications")
    op.drop_table("fb_notifications")
    op.drop_table("fb_notification_attempts")
    op.drop_table("fb_contacts")
    op.drop_table("fb_campaigns")
