"""How events change a petition's row: one function for the live write and the rebuild.

The row is derived from the folded ``PetitionState`` (the domain's own reading of the events)
plus the few facts only an event carries (who handles it, the ratings). The live path and
``rebuild`` both call ``row_after``, so a rebuilt table equals the live one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.intake.domain import PetitionState, Status
from shared.schemas.catalog import EventEnvelope
from shared.schemas.petition import PetitionAccepted, PetitionRated, PetitionRegistered

Row = dict[str, Any]

_STATE_COLUMNS = (
    "tracking_code",
    "category_code",
    "region_code",
    "receiving_org",
    "department",
    "case_owner",
    "accused_org",
    "petitioner_key",
    "linked_to",
    "received_on",
    "forward_due",
    "acceptance_due",
    "objection_due",
    "reply_due",
    "review_request_due",
    "review_decision_due",
    "next_request_due",
    "assigned_on",
    "accepted_on",
    "replied_on",
    "closed_on",
    "withdrawn_on",
    "extension_days",
    "version",
)


def current_due(s: PetitionState) -> date | None:
    """The due date of the step the petition is waiting for, if any."""
    match s.status:
        case Status.REGISTERED | Status.RETURNED:
            return s.forward_due
        case Status.ASSIGNED:
            return s.acceptance_due
        case Status.ACCEPTED:
            return s.reply_due
        case Status.UNDER_REVIEW | Status.UNDER_RE_REVIEW:
            return s.review_decision_due
    return None


def _from_state(s: PetitionState) -> Row:
    row: Row = {name: getattr(s, name) for name in _STATE_COLUMNS}
    row["status"] = str(s.status)
    row["current_due"] = current_due(s)
    return row


def _registered(env: EventEnvelope, e: PetitionRegistered) -> Row:
    return {
        "id": env.stream_id,
        "seq": env.global_position,
        "kind": str(e.kind),
        "channel": str(e.channel),
        "major_code": e.category_code[:2],
        "receiving_level": str(e.receiving_level),
        "responsible_level": str(e.responsible_level),
        "collective": e.collective,
        "headcount": e.headcount,
        "repeat_candidate_of": e.repeat_candidate_of,
        "skip_level": e.skip_level,
        "registered_at": env.recorded_at,
        "handler": None,
        "unit_rating": None,
        "result_rating": None,
    }


def _event_facts(env: EventEnvelope) -> Row:
    p = env.payload
    if isinstance(p, PetitionRegistered):
        return _registered(env, p)
    if isinstance(p, PetitionAccepted):
        return {"handler": p.handler}
    if isinstance(p, PetitionRated):
        return {"unit_rating": str(p.unit_rating), "result_rating": str(p.result_rating)}
    return {}


def row_after(row: Row | None, state: PetitionState, env: EventEnvelope) -> Row:
    """The row once ``env`` is applied; ``state`` is the petition's state after it."""
    out: Row = dict(row or {})
    out.update(_event_facts(env))
    out.update(_from_state(state))
    out["updated_at"] = env.recorded_at
    return out
