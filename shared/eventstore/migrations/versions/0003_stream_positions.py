"""Consumer tracking per stream: the last version of each stream a consumer has applied.

Events of one stream arrive in version order (one key, one partition), so "version at or
below the last applied" is exact deduplication for event envelopes, at one row per stream
instead of one per event. processed_messages stays for messages that are not events.

Revision ID: 0003_stream_positions
Revises: 0002_outbox_published_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_stream_positions"
down_revision = "0002_outbox_published_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_positions",
        sa.Column("consumer", sa.String(100), primary_key=True),
        # "<topic>|<stream id>": streams of different stores may share an id.
        sa.Column("stream_key", sa.String(400), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stream_positions")
