"""Saved custom charts (定制图表, issue 17): a command-side table, never emptied by a rebuild.

Revision ID: 0003_charts
Revises: 0002_stats
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_charts"
down_revision = "0002_stats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_charts",
        sa.Column("chart_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("owner_name", sa.String(length=128), nullable=False),
        sa.Column("owner_org", sa.String(length=64), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chart_id"),
    )
    op.create_index("ix_index_charts_owner", "index_charts", ["owner"])
    op.create_index("ix_index_charts_org", "index_charts", ["owner_org", "shared"])


def downgrade() -> None:
    op.drop_index("ix_index_charts_org", table_name="index_charts")
    op.drop_index("ix_index_charts_owner", table_name="index_charts")
    op.drop_table("index_charts")
