"""Feedback's own tables (its migrations create them; ``migrations/versions``).

Three groups, each written by one owner: the satisfaction projection (``fb_sat_*``,
``fb_ratings``), the suggestion projection (``fb_suggestions*``), both rebuildable from
``petition.events``; and the outreach side (contacts, notifications, revisits, surveys,
campaigns, screening), written with feedback's own events in one transaction.
"""

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

from shared.service.kept import kept_table

metadata = MetaData()

# -- satisfaction projection ----------------------------------------------------------------

# What a rating is attributed to: the petition's region, category and current handling unit.
sat_cases = Table(
    "fb_sat_cases",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("department", String(64), nullable=True),
)

ratings = Table(
    "fb_ratings",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("stream_version", Integer, primary_key=True, autoincrement=False),
    Column("rated_on", Date, nullable=False),
    Column("department", String(64), nullable=False),  # "" when never assigned
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("unit_rating", String(24), nullable=False),
    Column("result_rating", String(24), nullable=False),
    # Covers every grouped read of a period: the report scans the index alone.
    Index(
        "ix_fb_ratings_period",
        "rated_on",
        "region_code",
        "department",
        "category_code",
        "unit_rating",
        "result_rating",
    ),
)

# -- suggestion projection ------------------------------------------------------------------

suggestions = Table(
    "fb_suggestions",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("tracking_code", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("campaign_id", String(64), nullable=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("content", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Index("ix_fb_suggestions_campaign", "campaign_id", "received_on"),
)

# Character bigrams of title and content: an FTS5 table on SQLite, a plain one elsewhere.
suggestion_grams = Table(
    "fb_suggestion_fts",
    metadata,
    Column("petition_id", String(128)),
    Column("grams", Text),
)

# -- outreach: notices, revisits, surveys ---------------------------------------------------

# How to reach a petitioner (personal data: never logged, never in an event of ours).
contacts = Table(
    "fb_contacts",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("tracking_code", String(64), nullable=False),
    Column("phone", String(32), nullable=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("department", String(64), nullable=True),
    # 检举控告类 only: the accused unit, from whom its notices and revisits are kept.
    Column("accused_org", String(64), nullable=True),
    # The last day to tell the petitioner whether it is accepted (Art. 23), as last set.
    Column("acceptance_due", Date, nullable=True),
)

# Every message feedback means to send: recorded in the consumer's transaction, sent later
# by the dispatcher, so a redelivered event can never send twice.
notifications = Table(
    "fb_notifications",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("petition_id", String(128), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("audience", String(16), nullable=False),  # petitioner | unit
    Column("recipient", String(64), nullable=True),  # phone or org address; personal data
    Column("body", Text, nullable=False),
    # pending -> sent | failed (gave up) | undeliverable (no address)
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("event_on", Date, nullable=False),  # the day of the fact it tells of
    Column("due_on", Date, nullable=True),  # the last day the law allows for telling
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("last_error", String(200), nullable=True),
    Index("ix_fb_notifications_pending", "status", "next_attempt_at"),
    Index("ix_fb_notifications_petition", "petition_id"),
)

notification_attempts = Table(
    "fb_notification_attempts",
    metadata,
    Column("notification_id", String(64), primary_key=True),
    Column("attempt", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("detail", String(200), nullable=False),
)

revisits = Table(
    "fb_revisits",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("department", String(64), nullable=False),
    Column("region_code", String(64), nullable=False),
    Column("tracking_code", String(64), nullable=False),
    Column("unit_rating", String(24), nullable=False),
    Column("result_rating", String(24), nullable=False),
    Column("rated_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    # open -> sent (the outcome went to intake) -> done (intake's event recorded it), or
    # back to open when intake refused it (domain/revisits.py)
    Column("state", String(16), nullable=False),
    Column("outcome", String(2000), nullable=True),
    Column("resolved", Boolean, nullable=True),
    Column("revisited_on", Date, nullable=True),
    # The attempts at telling intake, and the command of the last one (what a refusal must
    # name to reopen the task).
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("command_id", String(64), nullable=True),
    # Intake's last refusal (its code and reason), until the unit sends again.
    Column("refused_code", String(32), nullable=True),
    Column("refused_reason", String(1000), nullable=True),
    Column("survey_token_hash", String(64), nullable=False, unique=True),
    Column("survey_answered_on", Date, nullable=True),
    Index("ix_fb_revisits_queue", "department", "state", "due_on"),
)

survey_scores = Table(
    "fb_survey_scores",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("target", String(8), primary_key=True),  # office | unit
    Column("dimension", String(32), primary_key=True),
    Column("score", Integer, nullable=False),
)

# -- people's suggestions: campaigns and screening ------------------------------------------

campaigns = Table(
    "fb_campaigns",
    metadata,
    Column("campaign_id", String(64), primary_key=True),
    Column("topic", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("target", String(500), nullable=False),
    Column("target_count", Integer, nullable=True),
    Column("state", String(16), nullable=False),  # open | closed
    Column("closed_on", Date, nullable=True),
    Column("region_code", String(64), nullable=False),  # the organiser's region
)

screening = Table(
    "fb_screening",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("state", String(16), nullable=False),  # screened | forwarded | answered
    Column("valuable", Boolean, nullable=False),
    Column("note", String(1000), nullable=False),
    Column("summary", Text, nullable=True),
    Column("forwarded_to", String(64), nullable=True),
    Column("forwarded_on", Date, nullable=True),
    Column("answer", Text, nullable=True),
    Column("answered_on", Date, nullable=True),
)

# -- kept reports ---------------------------------------------------------------------------

# Satisfaction reports kept as they were when the scheduler generated them (周报 each Monday
# for the week before, 月报 on the 1st for the month before): written by the scheduler, never
# rebuilt. One per region, cadence and period.
kept_reports = kept_table("fb_kept_reports", metadata)
