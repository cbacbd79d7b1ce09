"""The accused unit of each petition feedback reaches out about, so its notices and revisits
can be kept from that unit.

Revision ID: 0002_contact_accused_org
Revises: 0001_feedback
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_contact_accused_org"
down_revision = "0001_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Contacts recorded before this revision lack it (outreach is not rebuilt: it texts).
    op.add_column("fb_contacts", sa.Column("accused_org", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("fb_contacts", "accused_org")
