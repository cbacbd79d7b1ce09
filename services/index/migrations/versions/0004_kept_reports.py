"""Kept health checks (issue 17 item 4): the weekly and monthly reports the scheduler
generates for every region, kept as they were generated (command side, never rebuilt).

Revision ID: 0004_kept_reports
Revises: 0003_charts
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_kept_reports"
down_revision = "0003_charts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_kept_reports",
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("cadence", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "cadence", "period_start"),
    )


def downgrade() -> None:
    op.drop_table("index_kept_reports")
