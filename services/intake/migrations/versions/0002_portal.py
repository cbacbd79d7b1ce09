"""The public portal: verification codes, portal submissions, attachments.

Revision ID: 0002_portal
Revises: 0001_petitions
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_portal"
down_revision = "0001_petitions"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "verification_codes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("address_key", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("used_at", _WHEN),
    )
    op.create_index(
        "ix_verification_codes_phone", "verification_codes", ["phone_key", "created_at"]
    )
    op.create_index(
        "ix_verification_codes_address", "verification_codes", ["address_key", "created_at"]
    )
    op.create_table(
        "portal_submissions",
        sa.Column("petition_id", sa.String(36), primary_key=True),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_index("ix_portal_submissions_phone_day", "portal_submissions", ["phone_key", "day"])
    op.create_table(
        "attachments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("petition_id", sa.String(36)),
    )
    op.create_index("ix_attachments_petition", "attachments", ["petition_id"])


def downgrade() -> None:
    op.drop_table("attachments")
    op.drop_table("portal_submissions")
    op.drop_table("verification_codes")
