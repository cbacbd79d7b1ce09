"""Turn petition events into the auditor's rows: who did what when, and for each step that
ended, its deadline and whether it was met. Pure: the same events give the same rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.supervision.domain.fold import Case, CaseFold, Effects
from shared.schemas.catalog import EventEnvelope

COLUMNS = (
    "at",
    "petition_id",
    "version",
    "event_type",
    "user_id",
    "role",
    "org",
    "event_id",
    "deadline",
    "due_on",
    "met",
)


@dataclass(frozen=True)
class Selection:
    """What to keep: one petition, one org's or one person's actions, a time range."""

    petition_id: str | None = None
    org: str | None = None
    user_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def keeps(self, env: EventEnvelope) -> bool:
        if self.petition_id is not None and env.stream_id != self.petition_id:
            return False
        if self.org is not None and env.actor.org != self.org:
            return False
        if self.user_id is not None and env.actor.user_id != self.user_id:
            return False
        if self.since is not None and env.occurred_at < self.since:
            return False
        return self.until is None or env.occurred_at <= self.until


def rows(events: Iterable[EventEnvelope], selection: Selection) -> list[dict[str, Any]]:
    """Events in log order per petition (the fold needs every event of a petition, so
    deadlines are known even when the selection keeps only some of them)."""
    fold = CaseFold()
    cases: dict[str, Case] = {}
    out: list[dict[str, Any]] = []
    for env in events:
        if not env.event_type.startswith("petition."):
            continue
        fx = Effects()
        after = fold.apply(cases.get(env.stream_id), env, fx)
        if after is not None:
            cases[env.stream_id] = after
        if selection.keeps(env):
            out.append(row_for(env, fx, after))
    out.sort(key=lambda r: (r["at"], r["petition_id"], r["version"]))
    return out


def row_for(env: EventEnvelope, fx: Effects, case: Case | None) -> dict[str, Any]:
    """The auditor's row of one event, once folded (``fx``: what folding it gave; ``case``:
    the case after it). The audit log projection writes these very rows."""
    ended = fx.steps[-1] if fx.steps else None
    row: dict[str, Any] = {
        "at": env.occurred_at.isoformat(),
        "petition_id": env.stream_id,
        "version": env.stream_version,
        "event_type": env.event_type,
        "user_id": env.actor.user_id,
        "role": env.actor.role,
        "org": env.actor.org,
        "event_id": env.event_id,
        "deadline": None,
        "due_on": None,
        "met": None,
    }
    if ended is not None:  # this event completed a step: was its deadline met?
        row.update(deadline=ended["step"], due_on=str(ended["due_on"]), met=ended["met"])
    elif case is not None and case["step"] is not None and case["due_event_id"] == env.event_id:
        row.update(deadline=case["step"], due_on=str(case["due_on"]))  # it set a deadline
    return row
