"""Every command in every state: allowed ones succeed, the rest are refused with a 409-style
error naming the state and what is allowed."""

from __future__ import annotations

import pytest

from services.intake.domain import (
    InvalidTransition,
    PetitionState,
    Status,
    allowed_commands,
    apply,
    decide,
)
from services.intake.domain.decider import HANDLERS
from shared.schemas import commands as c
from tests.support.intake import SAMPLES, make_ctx, reach

ALWAYS = {"link", "set_case_owner"}
AFTER_REPLY = {"record_revisit_outcome"}

# The table: for each state, exactly the commands allowed (register aside).
EXPECTED: dict[str, set[str]] = {
    "registered": {"assign", "not_accept", "withdraw"} | ALWAYS,
    "assigned": {"assign", "return", "accept", "not_accept", "withdraw"} | ALWAYS,
    "returned": {"assign", "not_accept", "withdraw"} | ALWAYS,
    "accepted": {"record_acceptance_notice", "request_extension", "reply", "withdraw"} | ALWAYS,
    "extension_pending": {
        "record_acceptance_notice",
        "approve_extension",
        "refuse_extension",
        "reply",
        "withdraw",
    }
    | ALWAYS,
    "extension_approved": {"record_acceptance_notice", "reply", "withdraw"} | ALWAYS,
    "not_accepted": {"record_acceptance_notice", "close"} | ALWAYS,
    "replied": {"record_acceptance_notice", "close", "rate", "request_review"}
    | ALWAYS
    | AFTER_REPLY,
    "closed": {"record_acceptance_notice", "rate", "request_review", "link"} | AFTER_REPLY,
    "rated": {"record_acceptance_notice", "request_review", "link"} | AFTER_REPLY,
    "under_review": {"record_acceptance_notice", "decide_review"} | ALWAYS,
    "reviewed": {"record_acceptance_notice", "close", "rate", "request_re_review"}
    | ALWAYS
    | AFTER_REPLY,
    "under_re_review": {"record_acceptance_notice", "decide_re_review"} | ALWAYS,
    "re_reviewed": {"record_acceptance_notice", "close", "rate", "link"} | AFTER_REPLY,
    "withdrawn": set(),
}

CASES = [(state, cmd) for state in EXPECTED for cmd in HANDLERS]


def test_the_table_covers_every_command() -> None:
    assert set(SAMPLES) == set(HANDLERS)


@pytest.mark.parametrize("state_name", EXPECTED)
def test_allowed_commands_match_the_table(state_name: str) -> None:
    state, _ = reach(state_name)
    assert set(allowed_commands(state)) == EXPECTED[state_name]


@pytest.mark.parametrize(("state_name", "command"), CASES)
def test_command_in_state(state_name: str, command: str) -> None:
    state, token = reach(state_name)
    cmd = SAMPLES[command](token)
    if isinstance(cmd, c.Assign) and cmd.department == state.department:
        # Assigning it where it is changes nothing (test_intake_lifecycle): move it on instead.
        cmd = c.Assign(department="320800-ZJJ", reason="市级统筹")
    if command in EXPECTED[state_name]:
        decision = decide(state, cmd, make_ctx())
        assert decision.events
        for event in decision.events:
            state = apply(state, event)
        assert state.version > 1
    else:
        with pytest.raises(InvalidTransition) as info:
            decide(state, cmd, make_ctx())
        err = info.value
        assert err.current_status == state.status_label
        assert set(err.allowed) == EXPECTED[state_name]
        assert command in str(err) and state.status_label in str(err)


@pytest.mark.parametrize("command", list(HANDLERS))
def test_nothing_but_register_on_a_new_petition(command: str) -> None:
    with pytest.raises(InvalidTransition, match="while the petition is new; allowed: register"):
        decide(PetitionState(), SAMPLES[command]("token-xyz"), make_ctx())


def test_status_after_each_path() -> None:
    statuses = {name: reach(name)[0].status for name in EXPECTED}
    assert statuses["extension_pending"] is Status.ACCEPTED
    assert statuses["rated"] is Status.CLOSED
    assert statuses["re_reviewed"] is Status.RE_REVIEWED
    assert reach("extension_pending")[0].status_label == "accepted (extension pending)"
