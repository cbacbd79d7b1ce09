"""Supervision tables: cases and their running deadlines, steps, actions, accountability
records, sanctions, the follow-up join, and the scheduler's signals.

Revision ID: 0001_supervision
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_supervision"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sv_actions",
        sa.Column("action_id", sa.String(length=64), nullable=False),
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("by_user", sa.String(length=128), nullable=False),
        sa.Column("by_org", sa.String(length=64), nullable=False),
        sa.Column("leader", sa.String(length=128), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("action_id"),
    )
    op.create_index("ix_sv_actions_petition", "sv_actions", ["petition_id"], unique=False)
    op.create_table(
        "sv_cases",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("tracking_code", sa.String(length=64), nullable=True),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("petitioner_key", sa.String(length=128), nullable=True),
        sa.Column("repeat_of", sa.String(length=128), nullable=True),
        sa.Column("skip_level", sa.Boolean(), nullable=False),
        sa.Column("receiving_org", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("handler", sa.String(length=128), nullable=True),
        sa.Column("case_owner", sa.String(length=128), nullable=True),
        sa.Column("step_org", sa.String(length=64), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=True),
        sa.Column("step_start_day", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=True),
        sa.Column("due_event_id", sa.String(length=64), nullable=True),
        sa.Column("paused_days", sa.Integer(), nullable=False),
        sa.Column("paused_since_day", sa.Integer(), nullable=True),
        sa.Column("forward_due", sa.Date(), nullable=True),
        sa.Column("forward_event_id", sa.String(length=64), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_on_time", sa.Boolean(), nullable=True),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("last_rating", sa.String(length=32), nullable=True),
        sa.Column("rating_event_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_index("ix_sv_cases_due", "sv_cases", ["is_open", "due_day"], unique=False)
    op.create_index("ix_sv_cases_replied", "sv_cases", ["replied_on"], unique=False)
    op.create_table(
        "sv_followups",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("earlier_id", sa.String(length=128), nullable=True),
        sa.Column("petitioner_key", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_index("ix_sv_followups_earlier", "sv_followups", ["earlier_id"], unique=False)
    op.create_index("ix_sv_followups_key", "sv_followups", ["petitioner_key"], unique=False)
    op.create_table(
        "sv_mishandled",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("petitioner_key", sa.String(length=128), nullable=True),
        sa.Column("why", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("handler", sa.String(length=128), nullable=True),
        sa.Column("case_owner", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("petition_id", "event_id"),
    )
    op.create_table(
        "sv_records",
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("handler", sa.String(length=128), nullable=True),
        sa.Column("case_owner", sa.String(length=128), nullable=True),
        sa.Column("region_code", sa.String(length=64), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("event_ids", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("record_id"),
    )
    op.create_index("ix_sv_records_dept", "sv_records", ["department"], unique=False)
    op.create_table(
        "sv_sanctions",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("sanction", sa.String(length=32), nullable=False),
        sa.Column("person", sa.String(length=128), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_table(
        "sv_signals",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("light", sa.String(length=8), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("petition_id", "step", "due_on", "light"),
    )
    op.create_table(
        "sv_steps",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("paused_days", sa.Integer(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("handler", sa.String(length=128), nullable=True),
        sa.Column("case_owner", sa.String(length=128), nullable=True),
        sa.Column("due_event_id", sa.String(length=64), nullable=False),
        sa.Column("end_event_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("petition_id", "seq"),
    )
    op.create_index("ix_sv_steps_late", "sv_steps", ["met"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sv_steps_late", table_name="sv_steps")
    op.drop_table("sv_steps")
    op.drop_table("sv_signals")
    op.drop_table("sv_sanctions")
    op.drop_index("ix_sv_records_dept", table_name="sv_records")
    op.drop_table("sv_records")
    op.drop_table("sv_mishandled")
    op.drop_index("ix_sv_followups_key", table_name="sv_followups")
    op.drop_index("ix_sv_followups_earlier", table_name="sv_followups")
    op.drop_table("sv_followups")
    op.drop_index("ix_sv_cases_replied", table_name="sv_cases")
    op.drop_index("ix_sv_cases_due", table_name="sv_cases")
    op.drop_table("sv_cases")
    op.drop_index("ix_sv_actions_petition", table_name="sv_actions")
    op.drop_table("sv_actions")
