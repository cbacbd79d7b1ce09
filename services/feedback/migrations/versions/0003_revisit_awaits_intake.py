"""A revisit task waits for intake's answer to its outcome: the attempts at telling intake, the
command of the last one, and intake's refusal (services/feedback/domain/revisits.py).

Tasks already done were closed when their outcome was sent, before intake answered: they keep
``done`` (their answer has long been consumed and is not read again), with the command the one
attempt they made, so a late answer still names it. ``sunshine check`` tells which of them
intake never recorded.

Revision ID: 0003_revisit_awaits_intake
Revises: 0002_contact_accused_org
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003_revisit_awaits_intake"
down_revision = "0002_contact_accused_org"
branch_labels = None
depends_on = None

# As services/feedback/domain/revisits.py names the first attempt (a migration keeps its own
# copy: it must mean tomorrow what it means today).
_COMMANDS = uuid.UUID("5e0c2b7a-94f1-4d2e-8b3a-6f7e8d9c0a1b")


def upgrade() -> None:
    op.add_column(
        "fb_revisits", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("fb_revisits", sa.Column("command_id", sa.String(length=64), nullable=True))
    op.add_column("fb_revisits", sa.Column("refused_code", sa.String(length=32), nullable=True))
    op.add_column("fb_revisits", sa.Column("refused_reason", sa.String(length=1000), nullable=True))
    conn = op.get_bind()
    revisits = sa.table(
        "fb_revisits",
        sa.column("petition_id", sa.String),
        sa.column("state", sa.String),
        sa.column("attempts", sa.Integer),
        sa.column("command_id", sa.String),
    )
    done = conn.execute(
        sa.select(revisits.c.petition_id).where(revisits.c.state == "done")
    ).scalars()
    for pid in list(done):
        first = str(uuid.uuid5(_COMMANDS, f"{pid}|revisit_outcome"))
        conn.execute(
            sa.update(revisits)
            .where(revisits.c.petition_id == pid)
            .values(attempts=1, command_id=first)
        )


def downgrade() -> None:
    with op.batch_alter_table("fb_revisits") as batch:
        batch.drop_column("refused_reason")
        batch.drop_column("refused_code")
        batch.drop_column("command_id")
        batch.drop_column("attempts")
