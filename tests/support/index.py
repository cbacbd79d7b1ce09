"""Hand-made petition logs for the index's tests and bench (no service code depends on it)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shared.consumer import InboundMessage
from shared.schemas import SYSTEM_ACTOR, EventEnvelope, encode_event
from shared.schemas import petition as p

_IDS = uuid.UUID("5b0c9a63-2f0e-4d3c-8c7e-6a1d2b3c4d5e")
TOKEN_HASH = "0" * 64


class Log:
    """Builds petition events in order; the same calls give the same events (same ids)."""

    def __init__(self, topic: str = "petition.events") -> None:
        self.topic = topic
        self.events: list[EventEnvelope] = []
        self._versions: dict[str, int] = {}

    def _emit(self, pid: str, payload: Any, on: date) -> EventEnvelope:
        version = self._versions.get(pid, 0) + 1
        self._versions[pid] = version
        at = datetime.combine(on, time(9), tzinfo=UTC)
        env = EventEnvelope(
            event_id=str(uuid.uuid5(_IDS, f"{pid}/{version}")),
            event_type=payload.type,
            schema_version=1,
            stream_id=pid,
            stream_version=version,
            occurred_at=at,
            recorded_at=at,
            actor=SYSTEM_ACTOR,
            correlation_id=f"c-{pid}",
            payload=payload,
        )
        self.events.append(env)
        return env

    def registered(
        self,
        pid: str,
        on: date,
        region: str = "320812001",
        category: str = "0101",
        channel: p.Channel = p.Channel.VISIT,
        *,
        repeat_of: str | None = None,
        skip_level: bool = False,
        collective: bool = False,
        headcount: int = 1,
        accused_org: str | None = None,
    ) -> Log:
        self._emit(
            pid,
            p.PetitionRegistered(
                tracking_code=f"T{pid}",
                channel=channel,
                kind=p.Kind.CLAIM,
                category_code=category,
                region_code=region,
                receiving_org=region,
                receiving_level=p.Level.TOWNSHIP,
                received_on=on,
                collective=collective,
                headcount=headcount,
                title="t",
                content="c",
                petitioner=p.Petitioner(name="张三"),
                responsible_level=p.Level.TOWNSHIP,
                repeat_candidate_of=repeat_of,
                skip_level=skip_level,
                forward_due=on + timedelta(days=15),
                acceptance_notice_due=on + timedelta(days=15),
                accused_org=accused_org,
            ),
            on,
        )
        return self

    def assigned(self, pid: str, on: date, department: str = "320812-ZJJ") -> Log:
        payload = p.PetitionAssigned(
            department=department,
            level=p.Level.COUNTY,
            reason="r",
            assigned_on=on,
            objection_due=on + timedelta(days=5),
            acceptance_due=on + timedelta(days=15),
        )
        self._emit(pid, payload, on)
        return self

    def accepted(self, pid: str, on: date, reply_days: int = 60) -> Log:
        self._emit(
            pid, p.PetitionAccepted(accepted_on=on, reply_due=on + timedelta(reply_days)), on
        )
        return self

    def noticed(self, pid: str, on: date) -> Log:
        self._emit(pid, p.AcceptanceNoticeRecorded(notified_on=on, method="sms"), on)
        return self

    def replied(self, pid: str, on: date) -> Log:
        payload = p.PetitionReplied(
            replied_on=on,
            reply_text="r",
            document_ref="d",
            review_request_due=on + timedelta(days=30),
            rating_token_hash=TOKEN_HASH,
        )
        self._emit(pid, payload, on)
        return self

    def rated(self, pid: str, on: date, rating: p.Rating = p.Rating.SATISFIED) -> Log:
        self._emit(pid, p.PetitionRated(unit_rating=rating, result_rating=rating, rated_on=on), on)
        return self

    def review(self, pid: str, on: date) -> Log:
        payload = p.ReviewRequested(
            stage="review", requested_on=on, decision_due=on + timedelta(days=30)
        )
        self._emit(pid, payload, on)
        return self

    def revisit(self, pid: str, on: date, resolved: bool = True) -> Log:
        payload = p.RevisitOutcomeRecorded(outcome="o", resolved=resolved, revisited_on=on)
        self._emit(pid, payload, on)
        return self

    def closed(self, pid: str, on: date) -> Log:
        self._emit(pid, p.PetitionClosed(closed_on=on), on)
        return self

    def event(self, pid: str, payload: Any, on: date) -> Log:
        """Any other payload, on the petition's stream."""
        self._emit(pid, payload, on)
        return self

    def messages(self, events: Sequence[EventEnvelope] | None = None) -> list[InboundMessage]:
        return [
            InboundMessage(self.topic, 0, i, e.key(), encode_event(e))
            for i, e in enumerate(self.events if events is None else events)
        ]
