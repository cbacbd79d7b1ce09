"""Which command is allowed in which state: the table a 409 quotes.

Guards here depend on the state alone, so ``allowed_commands`` is exact for a given state.
Rules that depend on the date (a time limit passed) are checked by the handlers.
"""

from __future__ import annotations

from collections.abc import Callable

from services.intake.domain.errors import InvalidTransition
from services.intake.domain.state import PetitionState, Status

S = Status
_BEFORE_ACCEPTANCE = {S.REGISTERED, S.ASSIGNED, S.RETURNED}
_ANSWERED = {S.REPLIED, S.CLOSED, S.REVIEWED, S.RE_REVIEWED}

Guard = Callable[[PetitionState], bool]

TRANSITIONS: dict[str, Guard] = {
    "register": lambda s: s.status is S.NEW,
    # The petition office may re-route before the department has decided.
    "assign": lambda s: s.status in _BEFORE_ACCEPTANCE,
    "return": lambda s: s.status is S.ASSIGNED,
    "accept": lambda s: s.status is S.ASSIGNED,
    "not_accept": lambda s: s.status in _BEFORE_ACCEPTANCE,
    "record_acceptance_notice": lambda s: (
        s.acceptance_decided and not s.notice_recorded and s.status is not S.WITHDRAWN
    ),
    # One extension (Art. 34); after a refusal the handler may ask once more.
    "request_extension": lambda s: (
        s.status is S.ACCEPTED and not s.extension_pending and s.extension_days == 0
    ),
    "approve_extension": lambda s: s.status is S.ACCEPTED and s.extension_pending,
    "refuse_extension": lambda s: s.status is S.ACCEPTED and s.extension_pending,
    "reply": lambda s: s.status is S.ACCEPTED,
    "close": lambda s: s.status in {S.REPLIED, S.REVIEWED, S.RE_REVIEWED, S.NOT_ACCEPTED},
    "rate": lambda s: s.status in _ANSWERED and s.replied_on is not None and not s.rated,
    "request_review": lambda s: (
        s.status in {S.REPLIED, S.CLOSED} and s.replied_on is not None and s.stage_done is None
    ),
    "decide_review": lambda s: s.status is S.UNDER_REVIEW,
    "request_re_review": lambda s: s.status in {S.REVIEWED, S.CLOSED} and s.stage_done == "review",
    "decide_re_review": lambda s: s.status is S.UNDER_RE_REVIEW,
    "withdraw": lambda s: s.status in _BEFORE_ACCEPTANCE | {S.ACCEPTED},
    "link": lambda s: s.status not in {S.NEW, S.WITHDRAWN} and s.linked_to is None,
    "set_case_owner": lambda s: s.status not in {S.NEW, S.WITHDRAWN, S.CLOSED, S.RE_REVIEWED},
    "record_revisit_outcome": lambda s: s.status in _ANSWERED and s.replied_on is not None,
}


def allowed_commands(state: PetitionState) -> list[str]:
    return [name for name, guard in TRANSITIONS.items() if guard(state)]


def require(state: PetitionState, command: str) -> None:
    """Raise ``InvalidTransition`` naming the state and what is allowed instead."""
    if not TRANSITIONS[command](state):
        raise InvalidTransition(command, state.status_label, allowed_commands(state))
