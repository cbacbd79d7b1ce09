"""Index published outbox rows only: appends no longer write to it.

The relay looks up the highest offset per topic partition among published rows; rows
waiting to be published have no offset, so keeping them out of the index saves every
append one index page.

Revision ID: 0002_outbox_published_index
Revises: 0001_platform
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_outbox_published_index"
down_revision = "0001_platform"
branch_labels = None
depends_on = None

_PUBLISHED = sa.text('"offset" IS NOT NULL')


def upgrade() -> None:
    op.drop_index("ix_outbox_topic_partition", table_name="outbox")
    op.create_index(
        "ix_outbox_published",
        "outbox",
        ["topic", "partition", "offset"],
        sqlite_where=_PUBLISHED,
        postgresql_where=_PUBLISHED,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_published", table_name="outbox")
    op.create_index("ix_outbox_topic_partition", "outbox", ["topic", "partition", "offset"])
