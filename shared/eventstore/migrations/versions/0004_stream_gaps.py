"""Streams a consumer is waiting on: it saw a version beyond the next one (DESIGN.md, rule 4).

A row per stream, the highest version seen beyond the one applied; deleted when the stream
has applied it. Rare (a broker that lost data, a relay retry that landed early), so the
tracking hot path (stream_positions) is left as it is. The gap gauge is computed from it, so
it survives a restart.

Revision ID: 0004_stream_gaps
Revises: 0003_stream_positions
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_stream_gaps"
down_revision = "0003_stream_positions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_gaps",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("stream_key", sa.String(400), primary_key=True),
        sa.Column("seen_version", sa.Integer, nullable=False),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stream_gaps")
