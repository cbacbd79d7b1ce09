"""The one entry point for commands on a petition: check the transition, run the handler.

HTTP routes and the ``petition.commands`` subscriber both call ``decide`` (or ``register``),
then append ``Decision.events`` at the version the state was folded from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.intake.domain import aftercare, handling
from services.intake.domain.context import Context, Decision
from services.intake.domain.state import PetitionState
from services.intake.domain.transitions import require
from shared.schemas.commands import PetitionCommand

Handler = Callable[[PetitionState, Any, Context], Decision]

HANDLERS: dict[str, Handler] = {
    "assign": handling.assign,
    "return": handling.return_,
    "accept": handling.accept,
    "not_accept": handling.not_accept,
    "record_acceptance_notice": handling.record_acceptance_notice,
    "request_extension": handling.request_extension,
    "approve_extension": handling.approve_extension,
    "refuse_extension": handling.refuse_extension,
    "reply": handling.reply,
    "close": aftercare.close,
    "rate": aftercare.rate,
    "request_review": aftercare.request_review,
    "decide_review": aftercare.decide_review,
    "request_re_review": aftercare.request_re_review,
    "decide_re_review": aftercare.decide_re_review,
    "withdraw": aftercare.withdraw,
    "link": aftercare.link,
    "set_case_owner": aftercare.set_case_owner,
    "record_revisit_outcome": aftercare.record_revisit_outcome,
}


def decide(state: PetitionState, command: PetitionCommand, ctx: Context) -> Decision:
    """The events ``command`` produces on a petition in ``state``; raises a ``DomainError``
    (and so writes nothing) when the command is not allowed."""
    require(state, command.command)
    return HANDLERS[command.command](state, command, ctx)
