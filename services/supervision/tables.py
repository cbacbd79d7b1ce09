"""Supervision's tables. Read models (rebuilt from the topics) and the scheduler's own state
(``signals``: never emptied by a rebuild, or overdue events would be sent again).

Dates are also kept as day numbers (``*_day``: ``date.toordinal()``), so the light of 100,000
rows is integer arithmetic in one SQL statement on every backend.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

_ID = String(128)
# An act's instant (``domain.instants.instant``): the occurred_at of its event, ISO 8601 in
# UTC. NULL on rows written before revision 0006 until ``sunshine rebuild supervision``.
_AT = String(40)

_LIGHT_COLUMNS = (
    "is_open",
    "region_code",
    "step_org",
    "category_code",
    "step",
    "due_day",
    "paused_days",
    "paused_since_day",
    "step_start_day",
    "accused_org",  # the light counts leave out what is kept from the reader
)

cases = Table(
    "sv_cases",
    metadata,
    Column("petition_id", _ID, primary_key=True),
    Column("tracking_code", String(64)),
    Column("region_code", String(64), nullable=False),
    Column("category_code", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    # 检举控告类 only: the accused unit, from whom the case is kept (shared.auth.scope).
    Column("accused_org", String(64)),
    Column("channel", String(16), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("petitioner_key", String(128)),
    Column("repeat_of", _ID),
    Column("skip_level", Boolean, nullable=False),
    Column("receiving_org", String(64), nullable=False),
    # The handling department and its handler; ``step_org`` answers for the running step
    # (the reviewer during a review).
    Column("department", String(64)),
    Column("handler", String(128)),
    Column("case_owner", String(128)),
    # The case owner's name as the petition office set it (CaseOwnerSet.owner_name).
    Column("case_owner_name", String(128)),
    Column("step_org", String(64)),
    Column("is_open", Boolean, nullable=False),
    # The running step and its deadline; NULL when nothing of the office's is running.
    Column("step", String(24)),
    Column("step_start_day", Integer),
    Column("due_on", Date),
    Column("due_day", Integer),
    Column("due_event_id", String(64)),
    Column("paused_days", Integer, nullable=False),
    Column("paused_since_day", Integer),
    # Kept for the views (rates and averages) and for later steps.
    Column("forward_due", Date),
    Column("forward_event_id", String(64)),
    Column("accepted_on", Date),
    Column("replied_on", Date),
    Column("reply_on_time", Boolean),
    Column("reviews", Integer, nullable=False),
    Column("last_rating", String(32)),
    Column("rating_event_id", String(64)),
    Index("ix_sv_cases_due", "is_open", "due_day"),
    Index("ix_sv_cases_replied", "replied_on"),
    # Covers the light summary (views.light_counts): every column it groups by or needs for
    # the light, so it scans this index instead of the wide rows (100,000 open petitions:
    # 74 ms to count them through the table, 9 ms through the index).
    Index("ix_sv_cases_lights", *_LIGHT_COLUMNS),
)

# Every step a petition went through, with whether its deadline was met.
steps = Table(
    "sv_steps",
    metadata,
    Column("petition_id", _ID, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("step", String(24), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("paused_days", Integer, nullable=False),
    Column("ended_on", Date),
    Column("met", Boolean),
    Column("department", String(64)),
    Column("handler", String(128)),
    Column("case_owner", String(128)),
    Column("due_event_id", String(64), nullable=False),
    Column("end_event_id", String(64)),
    Index("ix_sv_steps_late", "met"),
)

actions = Table(
    "sv_actions",
    metadata,
    Column("action_id", String(64), primary_key=True),
    Column("petition_id", _ID, nullable=False),
    Column("kind", String(16), nullable=False),  # urge, supervise, instruction
    Column("department", String(64)),
    Column("by_user", String(128), nullable=False),
    Column("by_org", String(64), nullable=False),
    Column("leader", String(128)),
    Column("note", Text, nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("issued_at", _AT),
    Index("ix_sv_actions_petition", "petition_id"),
)

records = Table(
    "sv_records",
    metadata,
    Column("record_id", String(64), primary_key=True),
    Column("reason", String(32), nullable=False),  # overdue, repeat_after_mishandling, ...
    Column("petition_id", _ID, nullable=False),
    Column("step", String(24)),
    Column("department", String(64)),
    Column("handler", String(128)),
    Column("case_owner", String(128)),
    Column("region_code", String(64)),
    Column("what", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),
    # JSON list of the event ids the record derives from, sorted.
    Column("event_ids", Text, nullable=False),
    # When supervision found it: the occurred_at of the event that made the record (of a
    # follow-up, the later of its two facts').
    Column("found_at", _AT),
    Index("ix_sv_records_dept", "department"),
    Index("ix_sv_records_order", "occurred_on", "record_id"),
)

sanctions = Table(
    "sv_sanctions",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("record_id", String(64), nullable=False),
    Column("sanction", String(32), nullable=False),
    Column("person", String(128), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("decided_by", String(128), nullable=False),
    Column("note", Text, nullable=False),
    Column("decided_at", _AT),
)

# Each pause and resume of a petition's clock (ClockPaused, ClockResumed), with who and when:
# the case row keeps only the running pause.
pauses = Table(
    "sv_pauses",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("petition_id", _ID, nullable=False),
    Column("kind", String(8), nullable=False),  # pause, resume
    Column("day", Date, nullable=False),  # the day the event says (ClockPaused.on)
    Column("reason", Text),  # a pause's; a resume has none
    Column("by_user", String(128), nullable=False),
    Column("by_org", String(64), nullable=False),
    Column("at", _AT, nullable=False),
    Index("ix_sv_pauses_petition", "petition_id"),
)

# Petitions handled badly (a missed deadline, 不满意, a review that overturned the reply),
# and petitions that came after one (repeat or skip-level): joined in either order.
mishandled = Table(
    "sv_mishandled",
    metadata,
    Column("petition_id", _ID, primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("petitioner_key", String(128)),
    Column("why", String(200), nullable=False),
    Column("region_code", String(64)),
    Column("received_on", Date, nullable=False),
    Column("department", String(64)),
    Column("handler", String(128)),
    Column("case_owner", String(128)),
    Column("at", _AT),
)

followups = Table(
    "sv_followups",
    metadata,
    Column("petition_id", _ID, primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("earlier_id", _ID),
    Column("petitioner_key", String(128)),
    Column("reason", String(32), nullable=False),  # repeat or skip_level
    Column("received_on", Date, nullable=False),
    Column("at", _AT),
    Index("ix_sv_followups_earlier", "earlier_id"),
    Index("ix_sv_followups_key", "petitioner_key"),
)

# The audit log (审计): one row per petition event, as ``sunshine replay`` shows it
# (``domain.timeline.row_for``): who did what when, and the deadline a step ended or began
# with. Staff ids, roles and orgs only: no content, no petitioner.
audit_rows = Table(
    "sv_audit_rows",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("petition_id", _ID, nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", String(40), nullable=False),  # occurred_at, ISO 8601 as replay prints it
    Column("at_us", BigInteger, nullable=False),  # the same, microseconds since 1970 (UTC)
    Column("event_type", String(100), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("role", String(32), nullable=False),
    Column("org", String(64), nullable=False),
    Column("deadline", String(24)),
    Column("due_on", String(10)),
    Column("met", Boolean),
    Index("ix_sv_audit_rows_order", "at_us", "petition_id", "version"),
    Index("ix_sv_audit_rows_petition", "petition_id", "at_us"),
    Index("ix_sv_audit_rows_user", "user_id", "at_us"),
    Index("ix_sv_audit_rows_org", "org", "at_us"),
)

# The audit log's own fold of each petition (``CaseFold``'s case as JSON, for the deadlines
# of the next event) and the facts its scope is read from.
audit_cases = Table(
    "sv_audit_cases",
    metadata,
    Column("petition_id", _ID, primary_key=True),
    Column("region_code", String(64), nullable=False),
    Column("receiving_org", String(64), nullable=False),
    Column("department", String(64)),
    Column("kind", String(16), nullable=False),
    Column("accused_org", String(64)),
    Column("state", Text, nullable=False),
)

AUDIT_LOG = (audit_rows, audit_cases)

# The scheduler's memory (not a read model): one row per signal sent.
signals = Table(
    "sv_signals",
    metadata,
    Column("petition_id", _ID, primary_key=True),
    Column("step", String(24), primary_key=True),
    Column("due_on", Date, primary_key=True),
    Column("light", String(8), primary_key=True),
    Column("event_id", String(64), nullable=False),
)

READ_MODEL = (cases, steps, actions, records, sanctions, pauses, mishandled, followups)
