"""Index tables: facts, petition states, scorecards, disputes, staff scores, grades,
measures, surges, letters.

Revision ID: 0001_index
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_index"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_disputes",
        sa.Column("dispute_id", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("registering_org", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("dispute_id"),
    )
    op.create_index(
        "ix_index_disputes_region_cat", "index_disputes", ["region_code", "category_code"]
    )
    op.create_table(
        "index_facts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("online", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.Integer(), nullable=False),
        sa.Column("skip_level", sa.Integer(), nullable=False),
        sa.Column("collective", sa.Integer(), nullable=False),
        sa.Column("collective_headcount", sa.Integer(), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("forwarded_late", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("not_accepted", sa.Integer(), nullable=False),
        sa.Column("notices", sa.Integer(), nullable=False),
        sa.Column("notices_on_time", sa.Integer(), nullable=False),
        sa.Column("replied", sa.Integer(), nullable=False),
        sa.Column("replied_on_time", sa.Integer(), nullable=False),
        sa.Column("handling_days", sa.Integer(), nullable=False),
        sa.Column("first_replied", sa.Integer(), nullable=False),
        sa.Column("first_reopened", sa.Integer(), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("dissatisfied", sa.Integer(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("reviews_overturned", sa.Integer(), nullable=False),
        sa.Column("revisits", sa.Integer(), nullable=False),
        sa.Column("revisits_resolved", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Integer(), nullable=False),
        sa.Column("deadline_missed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "region_code", "category_code", "department"),
    )
    op.create_table(
        "index_grades",
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("previous_total", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("subject", "period_start", "period_end"),
    )
    op.create_table(
        "index_letters",
        sa.Column("letter_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("letter_id"),
        sa.UniqueConstraint(
            "region_code", "period_start", "period_end", name="uq_index_letters_period"
        ),
        sa.UniqueConstraint("year", "number", name="uq_index_letters_number"),
    )
    op.create_table(
        "index_measures",
        sa.Column("measure_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("addressee", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("measure_id"),
    )
    op.create_index("ix_index_measures_subject", "index_measures", ["subject"])
    op.create_table(
        "index_petitions",
        sa.Column("petition_id", sa.String(length=128), nullable=False),
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("first", sa.Boolean(), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("forward_due", sa.Date(), nullable=True),
        sa.Column("notice_due", sa.Date(), nullable=True),
        sa.Column("noticed", sa.Boolean(), nullable=False),
        sa.Column("reply_due", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_department", sa.String(length=64), nullable=True),
        sa.Column("first_resolved", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("petition_id"),
    )
    op.create_table(
        "index_qualitative",
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("factor_id", sa.String(length=64), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "factor_id", "effective_on"),
    )
    op.create_table(
        "index_scorecards",
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("model_version", sa.String(length=32), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "subject_kind", "subject", "period_start", "period_end", "model_version"
        ),
    )
    op.create_table(
        "index_surges",
        sa.Column("region_code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "category_code"),
    )


def downgrade() -> None:
    op.drop_table("index_surges")
    op.drop_table("index_scorecards")
    op.drop_table("index_qualitative")
    op.drop_table("index_petitions")
    op.drop_table("index_measures")
    op.drop_table("index_letters")
    op.drop_table("index_grades")
    op.drop_table("index_facts")
    op.drop_table("index_disputes")
