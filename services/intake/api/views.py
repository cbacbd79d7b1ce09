"""What a caller sees of a petition: the row, plus content and petitioner only where the
scope rules allow (DESIGN.md, Security; Art. 30/45 for accusations)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.intake.application.reads import LINK_FIELDS
from services.intake.domain import allowed_commands, fold
from services.intake.domain.access import is_overdue, petition_facts
from services.intake.projections.rows import Row
from shared.auth import Principal
from shared.auth.scope import PetitionFacts, may_see_content, may_see_petitioner
from shared.refdata import OrgTree
from shared.schemas.catalog import EventEnvelope
from shared.schemas.petition import CaseOwnerSet, PetitionRegistered, PetitionReplied

SUMMARY_FIELDS = (
    "id",
    "tracking_code",
    "status",
    "kind",
    "channel",
    "category_code",
    "region_code",
    "receiving_org",
    "department",
    "received_on",
    "current_due",
    "version",
)
DUE_FIELDS = (
    "forward_due",
    "acceptance_due",
    "objection_due",
    "reply_due",
    "review_request_due",
    "review_decision_due",
    "next_request_due",
    "current_due",
)
DETAIL_FIELDS = (
    "receiving_level",
    "responsible_level",
    "handler",
    "case_owner",
    "accused_org",
    "collective",
    "headcount",
    "repeat_candidate_of",
    "skip_level",
    "linked_to",
    "registered_at",
    "assigned_on",
    "accepted_on",
    "replied_on",
    "closed_on",
    "withdrawn_on",
    "extension_days",
    "unit_rating",
    "result_rating",
)
_CONTENT = ("title", "content", "attachments")
# What the handling wrote about the matter retells the content, and the tracking code opens
# the public page with the reply: whoever may not see the content (an auditor of the accused
# unit) sees none of these either.
_CASE_TEXT = ("reply_text", "document_ref", "reason", "decision_text", "outcome", "tracking_code")
# Where events' payloads name another petition (beside the row's ``LINK_FIELDS``).
_LINKS_IN_EVENTS = ("repeat_candidate_of", "earlier_petition_id")
# Credentials and keys: useful to nobody reading a petition.
_NEVER_SHOWN = ("rating_token_hash", "petitioner_key")


def summary(row: Row, today: date) -> dict[str, Any]:
    out = {k: row.get(k) for k in SUMMARY_FIELDS}
    out["overdue"] = is_overdue(row, today)
    return out


def summary_for(row: Row, today: date, principal: Principal, tree: OrgTree) -> dict[str, Any]:
    """``summary`` as ``principal`` sees it: the tracking code opens the public page, which
    shows the reply, so whoever may not see the content (an auditor of the accused unit)
    does not get it."""
    out = summary(row, today)
    if not may_see_content(principal, petition_facts(row, today), tree):
        out["tracking_code"] = None
    return out


def _redacted_payload(
    env: EventEnvelope,
    principal: Principal,
    facts: PetitionFacts,
    tree: OrgTree,
    kept: frozenset[str],
) -> dict[str, Any]:
    payload: dict[str, Any] = env.payload.model_dump(mode="json")
    for key in _NEVER_SHOWN:
        payload.pop(key, None)
    for key in _LINKS_IN_EVENTS:
        if payload.get(key) in kept:
            payload[key] = None
    if not may_see_content(principal, facts, tree):
        for key in (*_CONTENT, *_CASE_TEXT):
            payload.pop(key, None)
    if isinstance(env.payload, PetitionRegistered) and not may_see_petitioner(
        principal, facts, tree
    ):
        payload.pop("petitioner", None)
    return payload


def event_view(
    env: EventEnvelope,
    principal: Principal,
    facts: PetitionFacts,
    tree: OrgTree,
    kept: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """One event as ``principal`` sees it; ``kept``: linked petitions kept from it."""
    return {
        "event_id": env.event_id,
        "type": env.event_type,
        "version": env.stream_version,
        "occurred_at": env.occurred_at.isoformat(),
        "recorded_at": env.recorded_at.isoformat() if env.recorded_at else None,
        "actor": env.actor.model_dump(),
        "correlation_id": env.correlation_id,
        "payload": _redacted_payload(env, principal, facts, tree, kept),
    }


def detail(
    row: Row,
    stream: list[EventEnvelope],
    principal: Principal,
    tree: OrgTree,
    today: date,
    kept: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    facts = petition_facts(row, today)
    out = summary_for(row, today, principal, tree)
    out.update({k: row.get(k) for k in DETAIL_FIELDS})
    out.update({k: None for k in LINK_FIELDS if row.get(k) in kept})
    # The row keeps the case owner's user id; a page names the leader (包案领导) as the office
    # named them when it set the owner.
    owners = [e.payload for e in stream if isinstance(e.payload, CaseOwnerSet)]
    out["case_owner_name"] = owners[-1].owner_name if owners and row.get("case_owner") else None
    out["due"] = {k: row.get(k) for k in DUE_FIELDS}
    out["allowed_commands"] = allowed_commands(fold(e.payload for e in stream))
    registered = _redacted_payload(stream[0], principal, facts, tree, kept) if stream else {}
    for key in (*_CONTENT, "petitioner"):
        if key in registered:
            out[key] = registered[key]
    if may_see_content(principal, facts, tree):
        # The replies' documents (stored attachments too), oldest reply first.
        out["reply_attachments"] = [
            a.model_dump(mode="json")
            for e in stream
            if isinstance(e.payload, PetitionReplied)
            for a in e.payload.attachments
        ]
    out["history"] = [
        {
            "version": e.stream_version,
            "type": e.event_type,
            "occurred_at": e.occurred_at.isoformat(),
            "actor": e.actor.model_dump(),
        }
        for e in stream
    ]
    return out
