"""The ``petitions`` table: one row per petition, the columns searches and scope checks need.

No personal data here beyond the keyed petitioner hash: names, ID numbers and content stay in
the events, where the redaction rules of the API apply.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

metadata = MetaData()

petitions = Table(
    "petitions",
    metadata,
    Column("id", String(36), primary_key=True),
    # Global position of the registration event: a stable, unique order for cursors.
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("tracking_code", String(19), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("category_code", String(8), nullable=False),
    Column("major_code", String(2), nullable=False),
    Column("region_code", String(16), nullable=False),
    Column("receiving_org", String(64), nullable=False),
    Column("receiving_level", String(10), nullable=False),
    Column("responsible_level", String(10), nullable=False),
    Column("department", String(64)),
    Column("handler", String(64)),
    Column("case_owner", String(128)),
    Column("accused_org", String(64)),
    Column("petitioner_key", String(64)),
    Column("collective", Boolean, nullable=False),
    Column("headcount", Integer, nullable=False),
    Column("repeat_candidate_of", String(128)),
    Column("skip_level", Boolean, nullable=False),
    Column("linked_to", String(128)),
    Column("received_on", Date, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("forward_due", Date),
    Column("acceptance_due", Date),
    Column("objection_due", Date),
    Column("reply_due", Date),
    Column("review_request_due", Date),
    Column("review_decision_due", Date),
    Column("next_request_due", Date),
    # The due date of the step the petition waits for now; overdue when it has passed.
    Column("current_due", Date),
    Column("assigned_on", Date),
    Column("accepted_on", Date),
    Column("replied_on", Date),
    Column("closed_on", Date),
    Column("withdrawn_on", Date),
    Column("extension_days", Integer, nullable=False),
    Column("unit_rating", String(24)),
    Column("result_rating", String(24)),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_petitions_status", "status"),
    Index("ix_petitions_category", "category_code"),
    Index("ix_petitions_region", "region_code"),
    Index("ix_petitions_department", "department"),
    Index("ix_petitions_receiving_org", "receiving_org"),
    Index("ix_petitions_petitioner_key", "petitioner_key"),
    Index("ix_petitions_received_on", "received_on"),
    Index("ix_petitions_current_due", "current_due"),
)
