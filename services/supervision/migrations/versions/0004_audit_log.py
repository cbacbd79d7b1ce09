"""The audit log projection (审计): one row per petition event, and its own fold of each
petition. Empty at first: ``sunshine rebuild supervision`` fills it from offset 0 (a running
service's new consumer group reads the topic from the beginning by itself).

Revision ID: 0004_audit_log
Revises: 0003_accused_org
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_audit_log"
down_revision = "0003_accused_org"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sv_audit_rows",
        sa.Column("event_id", sa.String(length=64), primary_key=True),
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("at_us", sa.BigInteger(), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("org", sa.String(length=64), nullable=False),
        sa.Column("deadline", sa.String(length=24), nullable=True),
        sa.Column("due_on", sa.String(length=10), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
    )
    for name, columns in (
        ("ix_sv_audit_rows_order", ["at_us", "petition_id", "version"]),
        ("ix_sv_audit_rows_petition", ["petition_id", "at_us"]),
        ("ix_sv_audit_rows_user", ["user_id", "at_us"]),
        ("ix_sv_audit_rows_org", ["org", "at_us"]),
    ):
        op.create_index(name, "sv_audit_rows", columns, unique=False)
    op.create_table(
        "sv_audit_cases",
        sa.Column("petition_id", sa.String(length=128), primary_key=True),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("receiving_org", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("accused_org", sa.String(length=64), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sv_audit_cases")
    op.drop_table("sv_audit_rows")
