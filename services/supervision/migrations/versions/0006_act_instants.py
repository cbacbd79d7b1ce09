"""Supervision's acts at their time of day: each urging, instruction, sanction and record
keeps the instant of its event (occurred_at), each pause and resume of a clock is kept with
its own, and a case keeps its case owner's name.

Rows written before this revision have no instant (the reads say their day only) and no
pauses: ``sunshine rebuild supervision`` fills them in from the topics.

Revision ID: 0006_act_instants
Revises: 0005_record_order
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_act_instants"
down_revision = "0005_record_order"
branch_labels = None
depends_on = None

_INSTANTS = (
    ("sv_actions", "issued_at"),
    ("sv_records", "found_at"),
    ("sv_sanctions", "decided_at"),
    ("sv_mishandled", "at"),
    ("sv_followups", "at"),
)


def upgrade() -> None:
    for table, column in _INSTANTS:
        op.add_column(table, sa.Column(column, sa.String(length=40), nullable=True))
    op.add_column("sv_cases", sa.Column("case_owner_name", sa.String(length=128), nullable=True))
    op.create_table(
        "sv_pauses",
        sa.Column("event_id", sa.String(length=64), primary_key=True),
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("by_user", sa.String(length=128), nullable=False),
        sa.Column("by_org", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
    )
    op.create_index("ix_sv_pauses_petition", "sv_pauses", ["petition_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sv_pauses_petition", table_name="sv_pauses")
    op.drop_table("sv_pauses")
    op.drop_column("sv_cases", "case_owner_name")
    for table, column in reversed(_INSTANTS):
        op.drop_column(table, column)
