"""The ``petitions`` table: one row per petition, the columns searches and scope checks need;
and the public portal's own tables: verification codes, submissions (for the per-phone
limit) and uploaded attachments.

No personal data here beyond keyed hashes (petitioner, phone, address): names, ID numbers and
content stay in the events, where the redaction rules of the API apply; an attachment's bytes
are in the blob store, shown only through the petition's read rules.
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

# One row per code sent. Phones and addresses only as HMACs under ``INTAKE_PORTAL_KEY``; the
# code itself only as an HMAC too, so a copy of the database gives nobody a valid code.
verification_codes = Table(
    "verification_codes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("phone_key", String(64), nullable=False),
    Column("address_key", String(64), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("day", Date, nullable=False),  # the city's date it was sent on: the daily limit
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Index("ix_verification_codes_phone", "phone_key", "created_at"),
    Index("ix_verification_codes_address", "address_key", "created_at"),
)

# One row per petition submitted through the portal: the per-phone daily limit counts them.
portal_submissions = Table(
    "portal_submissions",
    metadata,
    Column("petition_id", String(36), primary_key=True),
    Column("phone_key", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_portal_submissions_phone_day", "phone_key", "day"),
)

# An uploaded file; ``petition_id`` is set when a submission takes it (once, for one petition).
attachments = Table(
    "attachments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("petition_id", String(36)),
    Index("ix_attachments_petition", "petition_id"),
)
