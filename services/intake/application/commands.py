"""The HTTP commands: who may issue them on which petition, then the shared handlers in one
transaction. Refusals are raised (``domain.errors``, ``shared.errors``), never answered here."""

from __future__ import annotations

from datetime import date

from services.intake.application.handling import (
    Meta,
    Outcome,
    RowGuard,
    handle_command,
    register_petition,
)
from services.intake.domain import Context, PetitionCommand, PetitionNotFound, Register
from services.intake.domain.access import may_issue, petition_facts
from services.intake.projections.rows import Row
from shared.auth import Principal
from shared.auth.scope import can_act, can_read, can_register
from shared.errors import Forbidden
from shared.eventstore import EventStore


async def register(
    store: EventStore, rules: Context, principal: Principal, cmd: Register, meta: Meta
) -> Outcome:
    tree = rules.refdata.org_tree
    if not may_issue(principal, "register") or not can_register(
        principal, cmd.receiving_org, tree.is_within
    ):
        raise Forbidden("may not register petitions received there")
    return await store.transact(lambda uow: register_petition(uow, rules, cmd, meta))


async def act(
    store: EventStore,
    rules: Context,
    principal: Principal,
    petition_id: str,
    cmd: PetitionCommand,
    meta: Meta,
    expected_version: int | None,
) -> Outcome:
    """``cmd`` on the petition, as ``principal`` (whose role may issue it: the route checked);
    ``expected_version`` None: whatever the version (``If-Match: *``)."""
    guard = _guard(rules, principal, meta.today)
    return await store.transact(
        lambda uow: handle_command(
            uow, rules, petition_id, cmd, meta, expected_version=expected_version, guard=guard
        )
    )


def _guard(rules: Context, principal: Principal, today: date) -> RowGuard:
    tree = rules.refdata.org_tree

    def check(row: Row) -> None:
        facts = petition_facts(row, today)
        if not can_read(principal, facts, tree):
            raise PetitionNotFound(row["id"])  # not yours: as if it did not exist
        if not can_act(principal, facts, tree):
            raise Forbidden("the caller may not act on this petition")

    return check
