"""The law's time limits (《信访工作条例》2022, DESIGN.md "Deadlines"), counted on the city's
working-day calendar (``shared.refdata.calendar``).

Limits are configuration (``INTAKE_*``): a city may shorten them. Periods are counted the way
the Civil Code counts them (Art. 201, 203): the day the period starts is not counted, and a
period whose last day is a rest day ends on the next working day. The jurisdiction objection
is the one limit the regulation states in working days (Art. 23).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.refdata.calendar import WorkCalendar


class DeadlineLimits(BaseSettings):
    """Limits in days; calendar days unless the name says working days."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", frozen=True)

    forward_days: int = Field(default=15, ge=1, le=60)  # Art. 22
    acceptance_notice_days: int = Field(default=15, ge=1, le=60)  # Art. 23
    objection_working_days: int = Field(default=5, ge=1, le=30)  # Art. 23
    reply_days: int = Field(default=60, ge=1, le=180)  # Art. 34
    max_extension_days: int = Field(default=30, ge=1, le=30)  # Art. 34: never more than 30
    review_request_days: int = Field(default=30, ge=1, le=90)  # Art. 35
    review_decision_days: int = Field(default=30, ge=1, le=90)  # Art. 35
    re_review_request_days: int = Field(default=30, ge=1, le=90)  # Art. 36
    re_review_decision_days: int = Field(default=30, ge=1, le=90)  # Art. 36
    # Civil Code Art. 203: a period ending on a rest day ends on the next working day.
    roll_to_working_day: bool = True


@dataclass(frozen=True)
class Deadlines:
    """Every due date intake puts in an event is computed here."""

    limits: DeadlineLimits
    calendar: WorkCalendar

    def _calendar_days(self, start: date, days: int) -> date:
        end = start + timedelta(days=days)
        return self.calendar.next_working_day(end) if self.limits.roll_to_working_day else end

    def forward_due(self, received_on: date) -> date:
        return self._calendar_days(received_on, self.limits.forward_days)

    def acceptance_notice_due(self, received_on: date) -> date:
        return self._calendar_days(received_on, self.limits.acceptance_notice_days)

    def objection_due(self, assigned_on: date) -> date:
        return self.calendar.add_working_days(assigned_on, self.limits.objection_working_days)

    def reply_due(self, accepted_on: date) -> date:
        return self._calendar_days(accepted_on, self.limits.reply_days)

    def extended_reply_due(self, accepted_on: date, extension_days: int) -> date:
        """The extension runs on from the original limit, counted from acceptance."""
        return self._calendar_days(accepted_on, self.limits.reply_days + extension_days)

    def review_request_due(self, replied_on: date) -> date:
        return self._calendar_days(replied_on, self.limits.review_request_days)

    def review_decision_due(self, requested_on: date) -> date:
        return self._calendar_days(requested_on, self.limits.review_decision_days)

    def re_review_request_due(self, review_decided_on: date) -> date:
        return self._calendar_days(review_decided_on, self.limits.re_review_request_days)

    def re_review_decision_due(self, requested_on: date) -> date:
        return self._calendar_days(requested_on, self.limits.re_review_decision_days)
