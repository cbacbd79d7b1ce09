"""Intake read model: the petitions table.

Revision ID: 0001_petitions
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_petitions"
down_revision = None
branch_labels = None
depends_on = None

_DATES = (
    "forward_due",
    "acceptance_due",
    "objection_due",
    "reply_due",
    "review_request_due",
    "review_decision_due",
    "next_request_due",
    "current_due",
    "assigned_on",
    "accepted_on",
    "replied_on",
    "closed_on",
    "withdrawn_on",
)


def upgrade() -> None:
    op.create_table(
        "petitions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
        sa.Column("tracking_code", sa.String(19), nullable=False, unique=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("category_code", sa.String(8), nullable=False),
        sa.Column("major_code", sa.String(2), nullable=False),
        sa.Column("region_code", sa.String(16), nullable=False),
        sa.Column("receiving_org", sa.String(64), nullable=False),
        sa.Column("receiving_level", sa.String(10), nullable=False),
        sa.Column("responsible_level", sa.String(10), nullable=False),
        sa.Column("department", sa.String(64)),
        sa.Column("handler", sa.String(64)),
        sa.Column("case_owner", sa.String(128)),
        sa.Column("accused_org", sa.String(64)),
        sa.Column("petitioner_key", sa.String(64)),
        sa.Column("collective", sa.Boolean, nullable=False),
        sa.Column("headcount", sa.Integer, nullable=False),
        sa.Column("repeat_candidate_of", sa.String(128)),
        sa.Column("skip_level", sa.Boolean, nullable=False),
        sa.Column("linked_to", sa.String(128)),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        *(sa.Column(name, sa.Date) for name in _DATES),
        sa.Column("extension_days", sa.Integer, nullable=False),
        sa.Column("unit_rating", sa.String(24)),
        sa.Column("result_rating", sa.String(24)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for name, column in (
        ("status", "status"),
        ("category", "category_code"),
        ("region", "region_code"),
        ("department", "department"),
        ("receiving_org", "receiving_org"),
        ("petitioner_key", "petitioner_key"),
        ("received_on", "received_on"),
        ("current_due", "current_due"),
    ):
        op.create_index(f"ix_petitions_{name}", "petitions", [column])


def downgrade() -> None:
    op.drop_table("petitions")
