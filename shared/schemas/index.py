"""The index service's own facts: disputes, staff scores, grades and their measures, surge
warnings, guidance letters.

Index is the only writer of these streams (its own event store and outbox); they travel on
``index.events`` in the usual envelope. Dispute parties are personal data: they live only in
``DisputeParty`` blocks, are never logged, and are shown only to roles that need them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DisputeStatus(StrEnum):
    OPEN = "open"  # 在化解
    RESOLVED = "resolved"  # 已化解
    UNRESOLVED = "unresolved"  # 化解不成, handed on


class DisputeParty(_Payload):
    """Personal data of one party to a dispute (DESIGN.md, Security)."""

    name: str = Field(min_length=1, max_length=100)
    id_number: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=32)
    role: str = Field(default="", max_length=50)


class DisputeRegistered(_Payload):
    """矛盾纠纷排查: a township or county found a dispute before it became a petition."""

    type: Literal["index.dispute_registered"] = "index.dispute_registered"
    dispute_id: str
    region_code: str
    category_code: str
    found_on: date
    summary: str = Field(max_length=2000)
    parties: tuple[DisputeParty, ...] = ()
    registering_org: str


class DisputeStatusChanged(_Payload):
    type: Literal["index.dispute_status_changed"] = "index.dispute_status_changed"
    dispute_id: str
    status: DisputeStatus
    on: date
    resolution: str = Field(default="", max_length=2000)


class QualitativeScoreRecorded(_Payload):
    """A staff score (0-100) of a qualitative factor for a region, in force from a date."""

    type: Literal["index.qualitative_score_recorded"] = "index.qualitative_score_recorded"
    region_code: str
    factor_id: str
    score: float = Field(ge=0, le=100)
    effective_on: date
    note: str = Field(default="", max_length=2000)


class GradeAssigned(_Payload):
    type: Literal["index.grade_assigned"] = "index.grade_assigned"
    subject: str  # region code
    period_start: date
    period_end: date
    total: float
    grade: int = Field(ge=1, le=4)
    previous_total: float | None = None
    model_version: str


class MeasureIssued(_Payload):
    """One measure a grade calls for (report, bulletin, inspection group, rectification...)."""

    type: Literal["index.measure_issued"] = "index.measure_issued"
    measure_id: str
    subject: str
    grade: int = Field(ge=1, le=4)
    kind: str
    addressee: str
    issued_on: date
    due_on: date | None = None
    period_start: date
    period_end: date


class MeasureCompleted(_Payload):
    type: Literal["index.measure_completed"] = "index.measure_completed"
    measure_id: str
    completed_on: date
    note: str = Field(default="", max_length=2000)


class IndexSwingAlert(_Payload):
    """The index moved more than the configured amount against the previous period."""

    type: Literal["index.swing_alert"] = "index.swing_alert"
    subject: str
    period_start: date
    period_end: date
    total: float
    previous_total: float
    swing: float


class SurgeWarningRaised(_Payload):
    """A category's share of all petitions crossed its threshold over the rolling window."""

    type: Literal["index.surge_raised"] = "index.surge_raised"
    region_code: str
    category_code: str
    level: Literal["major", "minor"]
    window_start: date
    window_end: date
    count: int
    total: int
    share: float
    threshold: float
    suggested_action: str = Field(max_length=2000)


class SurgeWarningCleared(_Payload):
    type: Literal["index.surge_cleared"] = "index.surge_cleared"
    region_code: str
    category_code: str
    level: Literal["major", "minor"]
    window_end: date
    share: float


class WeakPoint(_Payload):
    code: str
    metric: str
    value: float | None
    threshold: float
    remedy: str = Field(max_length=2000)


class GuidanceLetterIssued(_Payload):
    """工作意见函: numbered in a yearly series, naming weak points and remedies."""

    type: Literal["index.guidance_letter_issued"] = "index.guidance_letter_issued"
    letter_id: str
    year: int
    number: int = Field(ge=1)
    region_code: str
    period_start: date
    period_end: date
    issued_on: date
    weak_points: tuple[WeakPoint, ...] = Field(min_length=1)


INDEX_EVENTS = (
    DisputeRegistered,
    DisputeStatusChanged,
    QualitativeScoreRecorded,
    GradeAssigned,
    MeasureIssued,
    MeasureCompleted,
    IndexSwingAlert,
    SurgeWarningRaised,
    SurgeWarningCleared,
    GuidanceLetterIssued,
)
