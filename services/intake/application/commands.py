"""The HTTP commands: who may issue them on which petition, then the shared handlers in one
transaction. Refusals are raised (``domain.errors``, ``shared.errors``), never answered here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import Connection

from services.intake.application import attachments as files
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
from shared.eventstore import EventStore, UnitOfWork
from shared.schemas.commands import AttachmentDetails, Reply

C = TypeVar("C", Register, Reply)


@dataclass(frozen=True)
class Uploads:
    """Uploaded files a command links to its petition (``application.attachments``)."""

    ids: tuple[str, ...] = ()
    limit: int = 5


def _with_files(conn: Connection, cmd: C, uploads: Uploads) -> C:
    """``cmd`` with the uploads' details beside the attachments it only describes."""
    described: tuple[AttachmentDetails, ...] = cmd.attachments
    files.check_described(described)
    if not uploads.ids:
        return cmd
    taken = tuple(files.take(conn, uploads.ids, uploads.limit))
    return cmd.model_copy(update={"attachments": described + taken})


async def register(
    store: EventStore,
    rules: Context,
    principal: Principal,
    cmd: Register,
    meta: Meta,
    uploads: Uploads = Uploads(),
) -> Outcome:
    tree = rules.refdata.org_tree
    if not may_issue(principal, "register") or not can_register(
        principal, cmd.receiving_org, tree.is_within
    ):
        raise Forbidden(
            "may not register petitions received there", zh="您不能为这个登记单位登记信访事项"
        )

    def work(uow: UnitOfWork) -> Outcome:
        full = _with_files(uow.connection, cmd, uploads)
        outcome = register_petition(uow, rules, full, meta)
        files.link(uow.connection, uploads.ids, outcome.petition_id)
        return outcome

    return await store.transact(work)


async def act(
    store: EventStore,
    rules: Context,
    principal: Principal,
    petition_id: str,
    cmd: PetitionCommand,
    meta: Meta,
    expected_version: int | None,
    uploads: Uploads = Uploads(),
) -> Outcome:
    """``cmd`` on the petition, as ``principal`` (whose role may issue it: the route checked);
    ``expected_version`` None: whatever the version (``If-Match: *``). ``uploads``: files a
    reply links to the petition as its documents."""
    guard = _guard(rules, principal, meta.today)

    def work(uow: UnitOfWork) -> Outcome:
        full = _with_files(uow.connection, cmd, uploads) if isinstance(cmd, Reply) else cmd
        outcome = handle_command(
            uow, rules, petition_id, full, meta, expected_version=expected_version, guard=guard
        )
        if outcome.stored:  # a reply that changed nothing takes no file
            files.link(uow.connection, uploads.ids, petition_id)
        return outcome

    return await store.transact(work)


def _guard(rules: Context, principal: Principal, today: date) -> RowGuard:
    tree = rules.refdata.org_tree

    def check(row: Row) -> None:
        facts = petition_facts(row, today)
        if not can_read(principal, facts, tree):
            raise PetitionNotFound(row["id"])  # not yours: as if it did not exist
        if not can_act(principal, facts, tree):
            raise Forbidden(
                "the caller may not act on this petition", zh="这件信访事项不归您的单位办理"
            )

    return check
