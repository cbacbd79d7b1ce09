"""The index's tables. Facts and stored scorecards are a projection (emptied on rebuild);
the dispute register, staff scores, grades, measures, surges, letters and saved charts are
the command side, written in the same transaction as the index's own events (or, for the
charts, by their owners)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from services.index.domain.metrics import COUNTERS
from shared.service.kept import kept_table

metadata = MetaData()

facts = Table(
    "index_facts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("region_code", String(64), primary_key=True),
    Column("category_code", String(16), primary_key=True),
    Column("department", String(64), primary_key=True),
    *(Column(name, Integer, nullable=False, default=0) for name in COUNTERS),
)

# What the facts need to remember of each petition to file its later events.
petitions = Table(
    "index_petitions",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("first", Boolean, nullable=False),
    Column("department", String(64), nullable=False),
    Column("forward_due", Date, nullable=True),
    Column("notice_due", Date, nullable=True),
    Column("noticed", Boolean, nullable=False),
    Column("reply_due", Date, nullable=True),
    Column("replied_on", Date, nullable=True),
    Column("reply_department", String(64), nullable=True),
    # Counted in first_replied and not (yet) reopened.
    Column("first_resolved", Boolean, nullable=False),
)

# Facts rolled up for the statistics' rates: each day's and month's counters under the
# petition's region and every region above it, so a region's year is twelve rows per category.
fact_rollup = Table(
    "index_fact_rollup",
    metadata,
    Column("region_code", String(64), primary_key=True),
    Column("grain", String(1), primary_key=True),  # "d" a day, "m" the month from its first
    Column("bucket", Date, primary_key=True),
    Column("category_code", String(16), primary_key=True),
    *(Column(name, Integer, nullable=False, default=0) for name in COUNTERS),
)

# The statistics projection (domain/stats.py says what each key holds).
stat_counts = Table(
    "index_stat_counts",
    metadata,
    Column("region_code", String(64), primary_key=True),
    Column("dim", String(16), primary_key=True),
    Column("grain", String(1), primary_key=True),
    Column("bucket", Date, primary_key=True),
    Column("category_code", String(16), primary_key=True),
    Column("value", String(64), primary_key=True),
    Column("petitions", Integer, nullable=False, default=0),
    Column("people", Integer, nullable=False, default=0),
)

stat_status = Table(
    "index_stat_status",
    metadata,
    Column("region_code", String(64), primary_key=True),
    Column("category_code", String(16), primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("petitions", Integer, nullable=False, default=0),
    Column("people", Integer, nullable=False, default=0),
)

stat_words = Table(
    "index_stat_words",
    metadata,
    Column("region_code", String(64), primary_key=True),
    Column("grain", String(1), primary_key=True),
    Column("bucket", Date, primary_key=True),
    Column("word", String(64), primary_key=True),
    Column("petitions", Integer, nullable=False, default=0),
)

stat_petitions = Table(
    "index_stat_petitions",
    metadata,
    Column("petition_id", String(128), primary_key=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("people", Integer, nullable=False),
    Column("department", String(64), nullable=False),
    Column("status", String(16), nullable=False),
)

scorecards = Table(
    "index_scorecards",
    metadata,
    Column("subject_kind", String(16), primary_key=True),
    Column("subject", String(64), primary_key=True),
    Column("period_start", Date, primary_key=True),
    Column("period_end", Date, primary_key=True),
    Column("model_version", String(32), primary_key=True),
    Column("total", Float, nullable=False),
    Column("grade", Integer, nullable=False),
    Column("body", Text, nullable=False),
)

disputes = Table(
    "index_disputes",
    metadata,
    Column("dispute_id", String(64), primary_key=True),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("found_on", Date, nullable=False),
    # The day the register learnt of it (index's clock): what 漏排 compares against, so a
    # dispute entered after a petition can never make that petition count as screened.
    Column("recorded_on", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_on", Date, nullable=False),
    Column("resolution", Text, nullable=False),
    Column("registering_org", String(64), nullable=False),
    Index("ix_index_disputes_region_cat", "region_code", "category_code"),
)

qualitative = Table(
    "index_qualitative",
    metadata,
    Column("region_code", String(64), primary_key=True),
    Column("factor_id", String(64), primary_key=True),
    Column("effective_on", Date, primary_key=True),
    Column("score", Float, nullable=False),
    Column("note", Text, nullable=False),
)

grades = Table(
    "index_grades",
    metadata,
    Column("subject", String(64), primary_key=True),
    Column("period_start", Date, primary_key=True),
    Column("period_end", Date, primary_key=True),
    Column("total", Float, nullable=False),
    Column("grade", Integer, nullable=False),
    Column("previous_total", Float, nullable=True),
)

measures = Table(
    "index_measures",
    metadata,
    Column("measure_id", String(64), primary_key=True),
    Column("subject", String(64), nullable=False),
    Column("grade", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("addressee", String(64), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("due_on", Date, nullable=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("completed_on", Date, nullable=True),
    Index("ix_index_measures_subject", "subject"),
)

surges = Table(
    "index_surges",
    metadata,
    Column("region_code", String(64), primary_key=True),
    Column("category_code", String(16), primary_key=True),
    Column("active", Boolean, nullable=False),
    Column("share", Float, nullable=False),
    Column("changed_on", Date, nullable=False),
)

letters = Table(
    "index_letters",
    metadata,
    Column("letter_id", String(64), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("region_code", String(64), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("body", Text, nullable=False),
    UniqueConstraint("year", "number", name="uq_index_letters_number"),
    UniqueConstraint("region_code", "period_start", "period_end", name="uq_index_letters_period"),
)

# Health checks kept as they were when the scheduler generated them (周报 each Monday for the
# week before, 月报 on the 1st for the month before): command side, never rebuilt, so a leader
# files and reprints the same report later. One per region, cadence and period.
kept_reports = kept_table("index_kept_reports", metadata)

# Saved custom charts (issue 17): the command side, written by their owners; never a
# projection, so a rebuild leaves them be.
charts = Table(
    "index_charts",
    metadata,
    Column("chart_id", String(32), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("owner", String(128), nullable=False),
    Column("owner_name", String(128), nullable=False),
    Column("owner_org", String(64), nullable=False),
    Column("shared", Boolean, nullable=False),
    Column("definition", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_index_charts_owner", "owner"),
    Index("ix_index_charts_org", "owner_org", "shared"),
)

PROJECTION_TABLES = (
    facts,
    petitions,
    fact_rollup,
    scorecards,
    stat_counts,
    stat_status,
    stat_words,
    stat_petitions,
)
