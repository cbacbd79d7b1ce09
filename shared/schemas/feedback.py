"""Feedback's own facts: revisits (回头看), surveys, campaigns (专题征集), suggestion screening.

Feedback is the only writer of these streams (its own event store and outbox); they travel on
``feedback.events`` in the usual envelope. Stream ids: ``revisit-<petition id>``,
``campaign-<campaign id>``, ``suggestion-<petition id>``. No personal data in any of them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RevisitOpened(_Payload):
    """A 不满意 rating opened a revisit task in the handling unit's queue."""

    type: Literal["feedback.revisit_opened"] = "feedback.revisit_opened"
    petition_id: str
    department: str
    region_code: str
    rated_on: date
    due_on: date


class SurveyAnswered(_Payload):
    """The petitioner's 7-dimension survey; scores 1 (worst) .. 5 (best) per dimension."""

    type: Literal["feedback.survey_answered"] = "feedback.survey_answered"
    petition_id: str
    office_scores: dict[str, int]
    unit_scores: dict[str, int]
    answered_on: date


class RevisitCompleted(_Payload):
    type: Literal["feedback.revisit_completed"] = "feedback.revisit_completed"
    petition_id: str
    outcome: str = Field(max_length=2000)
    resolved: bool
    revisited_on: date


class CampaignOpened(_Payload):
    type: Literal["feedback.campaign_opened"] = "feedback.campaign_opened"
    campaign_id: str
    topic: str = Field(max_length=200)
    description: str = Field(max_length=5000)
    starts_on: date
    ends_on: date
    target: str = Field(max_length=500)
    target_count: int | None = None


class CampaignClosed(_Payload):
    type: Literal["feedback.campaign_closed"] = "feedback.campaign_closed"
    campaign_id: str
    closed_on: date


class SuggestionScreened(_Payload):
    type: Literal["feedback.suggestion_screened"] = "feedback.suggestion_screened"
    petition_id: str
    valuable: bool
    note: str = Field(default="", max_length=1000)


class SuggestionForwarded(_Payload):
    """摘报: a valuable suggestion summarised for the leaders."""

    type: Literal["feedback.suggestion_forwarded"] = "feedback.suggestion_forwarded"
    petition_id: str
    summary: str = Field(max_length=5000)
    to_org: str
    forwarded_on: date


class LeaderAnswered(_Payload):
    type: Literal["feedback.leader_answered"] = "feedback.leader_answered"
    petition_id: str
    answer: str = Field(max_length=5000)
    answered_on: date


FEEDBACK_EVENTS = (
    RevisitOpened,
    SurveyAnswered,
    RevisitCompleted,
    CampaignOpened,
    CampaignClosed,
    SuggestionScreened,
    SuggestionForwarded,
    LeaderAnswered,
)
