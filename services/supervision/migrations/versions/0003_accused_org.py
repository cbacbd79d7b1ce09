"""The accused unit of each case, so every read can keep an accusation from it; the light
summary's covering index takes it in.

Revision ID: 0003_accused_org
Revises: 0002_light_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_accused_org"
down_revision = "0002_light_index"
branch_labels = None
depends_on = None

_LIGHTS = [
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
    # Rows written before this revision lack it: ``sunshine rebuild supervision`` fills it in.
    op.add_column("sv_cases", sa.Column("accused_org", sa.String(length=64), nullable=True))
    op.drop_index("ix_sv_cases_lights", table_name="sv_cases")
    op.create_index("ix_sv_cases_lights", "sv_cases", [*_LIGHTS, "accused_org"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sv_cases_lights", table_name="sv_cases")
    op.create_index("ix_sv_cases_lights", "sv_cases", _LIGHTS, unique=False)
    op.drop_column("sv_cases", "accused_org")
