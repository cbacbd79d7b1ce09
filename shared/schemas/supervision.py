"""Supervision's own facts: lights, missed deadlines, urging, instructions, pauses, sanctions.

Supervision is the only writer of these streams (its own event store and outbox). The
payloads travel on ``supervision.events`` in the usual envelope. ``OverdueCase`` is the plain
JSON message on ``supervision.overdue`` for discipline inspectors: no envelope, so any Kafka
client can read it without knowing the platform.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Step(StrEnum):
    """The step whose deadline is running (DESIGN.md, Deadlines)."""

    FORWARD = "forward"  # the petition office registers and forwards/assigns (Art. 22)
    ACCEPTANCE_NOTICE = "acceptance_notice"  # decide and tell the petitioner (Art. 23)
    HANDLING = "handling"  # handle and reply (Art. 34)
    EXTENSION = "extension"  # handling after the one approved extension (Art. 34)
    REVIEW = "review"  # 复查 (Art. 35)
    RE_REVIEW = "re_review"  # 复核 (Art. 36)
    REVISIT = "revisit"  # 回头看 after a 不满意 rating


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class Sanction(StrEnum):
    ADMONISHMENT_TALK = "admonishment_talk"  # 诫勉谈话
    DISCIPLINARY = "disciplinary"  # 处分
    DISMISSAL = "dismissal"  # 免职


class LightChanged(_Payload):
    """A running deadline turned yellow or red; at most once per petition, step, due date."""

    type: Literal["supervision.light_changed"] = "supervision.light_changed"
    petition_id: str
    step: Step
    due_on: date
    light: Light
    on: date


class DeadlineMissed(_Payload):
    """A step's deadline passed (still open, or completed late while nobody was watching)."""

    type: Literal["supervision.deadline_missed"] = "supervision.deadline_missed"
    petition_id: str
    tracking_code: str | None = None
    step: Step
    due_on: date
    detected_on: date
    days_overdue: int = Field(ge=1)
    completed_on: date | None = None
    department: str | None = None
    handler: str | None = None
    case_owner: str | None = None
    region_code: str | None = None
    category_code: str | None = None
    received_on: date | None = None
    # Keyed hash of the petitioner (never the ID number): joins a later skip-level petition.
    petitioner_key: str | None = None
    # The petition events that set the missed due date (and completed the step late).
    source_event_ids: tuple[str, ...] = ()


class Urged(_Payload):
    """催办 (``urge``) or 督办 (``supervise``) by the petition office, with its own deadline."""

    type: Literal["supervision.urged"] = "supervision.urged"
    action_id: str
    petition_id: str
    kind: Literal["urge", "supervise"]
    department: str | None = None
    note: str = Field(default="", max_length=2000)
    issued_on: date
    due_on: date


class InstructionRecorded(_Payload):
    """A leader's written instruction on a petition (领导批示件), tracked with a deadline."""

    type: Literal["supervision.instruction_recorded"] = "supervision.instruction_recorded"
    action_id: str
    petition_id: str
    leader: str = Field(min_length=1, max_length=128)
    instruction: str = Field(min_length=1, max_length=2000)
    issued_on: date
    due_on: date


class ClockPaused(_Payload):
    """A pause the law allows (a hearing during re-review, an appraisal): the clock stops."""

    type: Literal["supervision.clock_paused"] = "supervision.clock_paused"
    petition_id: str
    on: date
    reason: str = Field(min_length=1, max_length=1000)


class ClockResumed(_Payload):
    type: Literal["supervision.clock_resumed"] = "supervision.clock_resumed"
    petition_id: str
    on: date


class SanctionRecorded(_Payload):
    """What the inspectors decided on an accountability record."""

    type: Literal["supervision.sanction_recorded"] = "supervision.sanction_recorded"
    record_id: str
    sanction: Sanction
    person: str = Field(min_length=1, max_length=128)
    decided_on: date
    note: str = Field(default="", max_length=2000)


class OverdueCase(BaseModel):
    """One message on ``supervision.overdue`` per missed deadline, keyed by petition id.

    ``message_id`` is the id of the ``DeadlineMissed`` event: the same case redelivered has
    the same id, so a subscriber dedupes on it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    message_id: str
    petition_id: str
    tracking_code: str | None = None
    step: Step
    due_on: date
    detected_on: date
    days_overdue: int
    still_open: bool
    department: str | None = None
    handler: str | None = None
    case_owner: str | None = None
    region_code: str | None = None
    category_code: str | None = None


SUPERVISION_EVENTS = (
    LightChanged,
    DeadlineMissed,
    Urged,
    InstructionRecorded,
    ClockPaused,
    ClockResumed,
    SanctionRecorded,
)
