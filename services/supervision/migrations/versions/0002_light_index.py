"""A covering index for the light summary (case_reads.light_counts).

Revision ID: 0002_light_index
Revises: 0001_supervision
"""

from alembic import op

revision = "0002_light_index"
down_revision = "0001_supervision"
branch_labels = None
depends_on = None

_COLUMNS = [
    "is_open",
    "region_code",
    "step_org",
    "category_code",
    "step",
    "due_day",
    "paused_days",
    "paused_since_day",
    "step_start_day",
]


def upgrade() -> None:
    op.create_index("ix_sv_cases_lights", "sv_cases", _COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_sv_cases_lights", table_name="sv_cases")
