"""Routing's own tables (its migrations create them; ``migrations/versions``)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# The states of a queue item still waiting on its department (queue_items.state).
OPEN_STATES = ("unrouted", "new", "in_handling")

# Every rule set ever posted; the highest version is in force.
rule_sets = Table(
    "routing_rule_sets",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("label", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(128), nullable=False),
)

# What routing decided for each petition and what it knows to decide again.
cases = Table(
    "routing_cases",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("responsible_level", String(16), nullable=False),
    Column("collective", Boolean, nullable=False),
    Column("headcount", Integer, nullable=False),
    Column("repeat", Boolean, nullable=False),
    Column("skip_level", Boolean, nullable=False),
    Column("accused_org", String(64), nullable=True),
    # assigning (command sent), assigned, manual (waits for a person), closed
    Column("status", String(16), nullable=False),
    Column("department", String(64), nullable=True),
    Column("rule_id", String(64), nullable=True),
    Column("start_level", String(16), nullable=False),
    Column("returns_at_level", Integer, nullable=False),
    Column("manual_reason", String(1000), nullable=True),
    Column("ruleset_version", Integer, nullable=True),
    Column("hard_case", Boolean, nullable=False),
)

# The transfer history: every assignment, return, escalation and manual hand-over.
transfers = Table(
    "routing_transfers",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("action", String(16), nullable=False),
    Column("department", String(64), nullable=True),
    Column("rule_id", String(64), nullable=True),
    Column("reason", String(1000), nullable=False),
    Column("on_date", Date, nullable=True),
    Column("event_id", String(64), nullable=True),
)

# Commands routing sent, so an outcome from intake can be matched to its decision.
commands = Table(
    "routing_commands",
    metadata,
    Column("command_id", String(64), primary_key=True),
    Column("petition_id", String(128), nullable=False),
    Column("command", String(32), nullable=False),
    Column("department", String(64), nullable=True),
    Column("rule_id", String(64), nullable=True),
    Column("status", String(16), nullable=False),  # sent, done, refused
    Column("reason", String(1000), nullable=True),
)

# One row per (petition, department it has been with): the work queues.
queue_items = Table(
    "routing_queue_items",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("department", String(64), primary_key=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    # 检举控告类 only: the accused unit, from whom the row is kept (shared.auth.scope).
    Column("accused_org", String(64), nullable=True),
    Column("tracking_code", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("collective", Boolean, nullable=False),
    Column("headcount", Integer, nullable=False),
    Column("hard_case", Boolean, nullable=False),
    Column("case_owner", String(64), nullable=True),
    # unrouted (petition office), new, in_handling, returned, reassigned, done, closed
    Column("state", String(16), nullable=False),
    Column("due_on", Date, nullable=True),
    Column("received_on", Date, nullable=False),
    Column("assigned_on", Date, nullable=True),
    Column("rule_id", String(64), nullable=True),
    Column("return_reason", String(1000), nullable=True),
    Column("returns", Integer, nullable=False),
    Column("extension_pending", Boolean, nullable=False),
    Column("current", Boolean, nullable=False),
    Column("last_version", Integer, nullable=False),
    Index("ix_routing_queue_dept_due", "department", "state", "due_on", "petition_id"),
)
