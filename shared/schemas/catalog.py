"""The typed payload union and the codec for events on the wire.

Add a payload class here when a new event type is defined; the discriminator is ``type``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field

from shared.schemas.envelope import Envelope
from shared.schemas.feedback import (
    CampaignClosed,
    CampaignOpened,
    LeaderAnswered,
    RevisitCompleted,
    RevisitOpened,
    SuggestionForwarded,
    SuggestionScreened,
    SurveyAnswered,
)
from shared.schemas.index import (
    DisputeRegistered,
    DisputeStatusChanged,
    GradeAssigned,
    GuidanceLetterIssued,
    IndexSwingAlert,
    MeasureCompleted,
    MeasureIssued,
    QualitativeScoreRecorded,
    SurgeWarningCleared,
    SurgeWarningRaised,
)
from shared.schemas.petition import (
    AcceptanceNoticeRecorded,
    CaseOwnerSet,
    ExtensionApproved,
    ExtensionRefused,
    ExtensionRequested,
    PetitionAccepted,
    PetitionAssigned,
    PetitionClosed,
    PetitionLinked,
    PetitionNotAccepted,
    PetitionRated,
    PetitionRegistered,
    PetitionReplied,
    PetitionReturned,
    PetitionWithdrawn,
    ReviewDecided,
    ReviewRequested,
    RevisitOutcomeRecorded,
)
from shared.schemas.supervision import (
    ClockPaused,
    ClockResumed,
    DeadlineMissed,
    InstructionRecorded,
    LightChanged,
    SanctionRecorded,
    Urged,
)
from shared.schemas.upcasting import UPCASTERS, UpcasterRegistry

AnyPayload = Annotated[
    PetitionRegistered
    | PetitionAssigned
    | PetitionReturned
    | PetitionAccepted
    | PetitionNotAccepted
    | AcceptanceNoticeRecorded
    | ExtensionRequested
    | ExtensionApproved
    | ExtensionRefused
    | PetitionReplied
    | PetitionClosed
    | PetitionRated
    | ReviewRequested
    | ReviewDecided
    | PetitionWithdrawn
    | PetitionLinked
    | CaseOwnerSet
    | RevisitOutcomeRecorded
    | LightChanged
    | DeadlineMissed
    | Urged
    | InstructionRecorded
    | ClockPaused
    | ClockResumed
    | SanctionRecorded
    | RevisitOpened
    | SurveyAnswered
    | RevisitCompleted
    | CampaignOpened
    | CampaignClosed
    | SuggestionScreened
    | SuggestionForwarded
    | LeaderAnswered
    | DisputeRegistered
    | DisputeStatusChanged
    | QualitativeScoreRecorded
    | GradeAssigned
    | MeasureIssued
    | MeasureCompleted
    | IndexSwingAlert
    | SurgeWarningRaised
    | SurgeWarningCleared
    | GuidanceLetterIssued,
    Field(discriminator="type"),
]


class EventEnvelope(Envelope):
    payload: AnyPayload


def encode_event(event: Envelope) -> bytes:
    return event.model_dump_json().encode()


def decode_event(
    data: bytes | str | dict[str, Any], registry: UpcasterRegistry = UPCASTERS
) -> EventEnvelope:
    """Parse an event from the wire, upcasting an old payload version to the current one."""
    raw: dict[str, Any] = json.loads(data) if isinstance(data, bytes | str) else dict(data)
    event_type = raw.get("event_type")
    version = raw.get("schema_version")
    if (
        isinstance(event_type, str)
        and isinstance(version, int)
        and isinstance(raw.get("payload"), dict)
    ):
        raw["schema_version"], raw["payload"] = registry.upcast(event_type, version, raw["payload"])
    return EventEnvelope.model_validate(raw)
