"""An index in the records' list order (record_reads.list_records: oldest first, a page
at a time from a cursor).

Revision ID: 0005_record_order
Revises: 0004_audit_log
"""

from alembic import op

revision = "0005_record_order"
down_revision = "0004_audit_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sv_records_order", "sv_records", ["occurred_on", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_sv_records_order", table_name="sv_records")
