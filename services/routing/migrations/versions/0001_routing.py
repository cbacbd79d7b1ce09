"""Routing tables: rule sets, cases, transfers, commands, work queues.

Revision ID: 0001_routing
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_routing"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routing_cases",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("responsible_level", sa.String(length=16), nullable=False),
        sa.Column("collective", sa.Boolean(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("skip_level", sa.Boolean(), nullable=False),
        sa.Column("accused_org", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=True),
        sa.Column("start_level", sa.String(length=16), nullable=False),
        sa.Column("returns_at_level", sa.Integer(), nullable=False),
        sa.Column("manual_reason", sa.String(length=1000), nullable=True),
        sa.Column("ruleset_version", sa.Integer(), nullable=True),
        sa.Column("hard_case", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_table(
        "routing_commands",
        sa.Column("command_id", sa.String(length=64), nullable=False),
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("command", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("command_id"),
    )
    op.create_table(
        "routing_queue_items",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tracking_code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("collective", sa.Boolean(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("hard_case", sa.Boolean(), nullable=False),
        sa.Column("case_owner", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=True),
        sa.Column("return_reason", sa.String(length=1000), nullable=True),
        sa.Column("returns", sa.Integer(), nullable=False),
        sa.Column("extension_pending", sa.Boolean(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("last_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("petition_id", "department"),
    )
    op.create_index(
        "ix_routing_queue_dept_due",
        "routing_queue_items",
        ["department", "state", "due_on", "petition_id"],
        unique=False,
    )
    op.create_table(
        "routing_rule_sets",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    op.create_table(
        "routing_transfers",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("event_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("petition_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("routing_transfers")
    op.drop_table("routing_rule_sets")
    op.drop_index("ix_routing_queue_dept_due", table_name="routing_queue_items")
    op.drop_table("routing_queue_items")
    op.drop_table("routing_commands")
    op.drop_table("routing_cases")
