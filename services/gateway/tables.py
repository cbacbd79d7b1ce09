"""The gateway's own tables (its migrations create them; ``migrations/versions``). Kept in a
database, not in memory, so a restart or a second instance sees the same sessions and failures."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

# Failed sign-ins, for the lockout: per username and per address within the window.
signin_failures = Table(
    "gateway_signin_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(128), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_gateway_signin_failures_username_at", "username", "at"),
    Index("ix_gateway_signin_failures_address_at", "address", "at"),
)

# Signed-in sessions. The cookie holds a random id; only its SHA-256 is stored.
sessions = Table(
    "gateway_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("username", String(128), nullable=False),
    Column("name", String(128), nullable=True),
    Column("role", String(32), nullable=False),
    Column("org", String(64), nullable=False),
    Column("token", Text, nullable=False),  # the services' bearer JWT
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)

# OpenID Connect sign-ins under way: the state, the PKCE verifier and the nonce, used once.
oidc_requests = Table(
    "gateway_oidc_requests",
    metadata,
    Column("state", String(128), primary_key=True),
    Column("code_verifier", String(128), nullable=False),
    Column("nonce", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)
