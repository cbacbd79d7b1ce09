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
    op.add_column(
        "routing_queue_items", sa.Column("accused_org", sa.String(length=64), nullable=True)
    )
    # Rows written before this revision: routing's own case rows know the accused unit, so
    # an existing queue is safe from the first read, not only after a rebuild.
    op.execute(
        "UPDATE routing_queue_items SET accused_org = (SELECT c.accused_org FROM routing_cases c"
        " WHERE c.petition_id = routing_queue_items.petition_id)"
        " WHERE accused_org IS NULL"
    )


def downgrade() -> None:
    op.drop_column("routing_queue_items", "accused_org")
