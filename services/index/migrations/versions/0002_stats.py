"""The statistics read model (issue 17): facts rolled up by region, day and month; counts,
current statuses, hot words and each petition's dimensions.

Revision ID: 0002_stats
Revises: 0001_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_stats"
down_revision = "0001_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_fact_rollup",
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("grain", sa.String(length=1), nullable=False),
        sa.Column("bucket", sa.Date(), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("online", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.Integer(), nullable=False),
        sa.Column("skip_level", sa.Integer(), nullable=False),
        sa.Column("collective", sa.Integer(), nullable=False),
        sa.Column("collective_headcount", sa.Integer(), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("forwarded_late", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("not_accepted", sa.Integer(), nullable=False),
        sa.Column("notices", sa.Integer(), nullable=False),
        sa.Column("notices_on_time", sa.Integer(), nullable=False),
        sa.Column("replied", sa.Integer(), nullable=False),
        sa.Column("replied_on_time", sa.Integer(), nullable=False),
        sa.Column("handling_days", sa.Integer(), nullable=False),
        sa.Column("first_replied", sa.Integer(), nullable=False),
        sa.Column("first_reopened", sa.Integer(), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("dissatisfied", sa.Integer(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("reviews_overturned", sa.Integer(), nullable=False),
        sa.Column("revisits", sa.Integer(), nullable=False),
        sa.Column("revisits_resolved", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Integer(), nullable=False),
        sa.Column("deadline_missed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "grain", "bucket", "category_code"),
    )
    op.create_table(
        "index_stat_counts",
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("grain", sa.String(length=1), nullable=False),
        sa.Column("bucket", sa.Date(), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("petitions", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "dim", "grain", "bucket", "category_code", "value"),
    )
    op.create_table(
        "index_stat_status",
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("petitions", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "category_code", "status"),
    )
    op.create_table(
        "index_stat_words",
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("grain", sa.String(length=1), nullable=False),
        sa.Column("bucket", sa.Date(), nullable=False),
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.Column("petitions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "grain", "bucket", "word"),
    )
    op.create_table(
        "index_stat_petitions",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("petition_id"),
    )


def downgrade() -> None:
    for name in (
        "index_stat_petitions",
        "index_stat_words",
        "index_stat_status",
        "index_stat_counts",
        "index_fact_rollup",
    ):
        op.drop_table(name)
