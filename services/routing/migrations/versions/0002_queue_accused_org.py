"""The accused unit on each work-queue row, so a queue read can keep an accusation from it.

Revision ID: 0002_queue_accused_org
Revises: 0001_routing
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_queue_accused_org"
down_revision = "0001_routing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows written before this revision lack it: ``sunshine rebuild routing`` fills it in.
    op.add_column(
        "routing_queue_items", sa.Column("accused_org", sa.String(length=64), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("routing_queue_items", "accused_org")
