"""Gateway tables: sign-in failures (lockout), sessions, OpenID Connect sign-ins under way.

Revision ID: 0001_gateway
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_gateway"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gateway_signin_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_gateway_signin_failures_username_at", "gateway_signin_failures", ["username", "at"]
    )
    op.create_index(
        "ix_gateway_signin_failures_address_at", "gateway_signin_failures", ["address", "at"]
    )
    op.create_table(
        "gateway_sessions",
        sa.Column("id_hash", sa.String(length=64), primary_key=True),
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("org", sa.String(length=64), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_gateway_sessions_expires_at", "gateway_sessions", ["expires_at"])
    op.create_table(
        "gateway_oidc_requests",
        sa.Column("state", sa.String(length=128), primary_key=True),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("nonce", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_gateway_oidc_requests_created_at", "gateway_oidc_requests", ["created_at"])


def downgrade() -> None:
    op.drop_table("gateway_oidc_requests")
    op.drop_table("gateway_sessions")
    op.drop_table("gateway_signin_failures")
