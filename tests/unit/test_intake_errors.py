"""``domain.errors``: each refusal's HTTP status, title, field path and extra members, which
the shared handler turns into the problem body (``shared.service.problems``)."""

from __future__ import annotations

from typing import Any

import pytest

from services.intake.domain.errors import (
    InvalidCommand,
    InvalidRatingToken,
    InvalidTransition,
    PetitionNotFound,
    RuleViolation,
    UnknownReference,
    VersionConflict,
)
from shared.errors import Conflict, DomainError, Forbidden, Invalid, NotFound


@pytest.mark.parametrize(
    ("error", "base", "status", "title", "detail", "field", "extensions"),
    [
        (
            InvalidTransition("accept", "registered", ["assign", "withdraw"]),
            Conflict,
            409,
            "Invalid transition",
            "accept is not allowed while the petition is registered; allowed: assign, withdraw",
            None,
            {"current_status": "registered", "allowed": ["assign", "withdraw"]},
        ),
        (
            InvalidTransition("close", "closed", []),
            Conflict,
            409,
            "Invalid transition",
            "close is not allowed while the petition is closed; allowed: none",
            None,
            {"current_status": "closed", "allowed": []},
        ),
        (
            RuleViolation("the one extension is used"),
            Conflict,
            409,
            "Rule violation",
            "the one extension is used",
            None,
            {},
        ),
        (
            VersionConflict(3, 5),
            Conflict,
            409,
            "Version conflict",
            "the petition is at version 5, not 3; reload and retry",
            None,
            {"current_version": 5},
        ),
        (
            UnknownReference("category_code", "9999"),
            Invalid,
            422,
            "Unknown code",
            "category_code: unknown code '9999'",
            "body.category_code",
            {},
        ),
        (
            InvalidCommand("received_on", "is in the future"),
            Invalid,
            422,
            "Invalid command",
            "received_on: is in the future",
            "body.received_on",
            {},
        ),
        (
            InvalidRatingToken("the code or the token is not valid"),
            Forbidden,
            403,
            "Invalid rating token",
            "the code or the token is not valid",
            None,
            {},
        ),
        (
            PetitionNotFound("p-1"),
            NotFound,
            404,
            "Not Found",
            "no such petition",
            None,
            {},
        ),
    ],
)
def test_each_refusal_answers_as_before(
    error: DomainError,
    base: type[DomainError],
    status: int,
    title: str,
    detail: str,
    field: str | None,
    extensions: dict[str, Any],
) -> None:
    assert isinstance(error, base)
    assert (error.status, error.title, error.detail) == (status, title, detail)
    assert error.field_path == field
    assert error.extensions() == extensions


@pytest.mark.parametrize(
    ("error", "text"),
    [
        # A refused command's outcome names the petition; the problem body does not.
        (PetitionNotFound("p-1"), "no petition p-1"),
        (RuleViolation("too late"), "too late"),
        # The event store's words, as the outcome gave them before the error had a class.
        (VersionConflict(1, 2, "p-1"), "stream p-1: expected version 1, found 2"),
    ],
)
def test_the_reason_a_refused_command_gives(error: DomainError, text: str) -> None:
    assert str(error) == text


def test_a_version_conflict_tells_the_caller_to_reload() -> None:
    error = VersionConflict(1, 2, "p-1")
    assert error.detail == "the petition is at version 2, not 1; reload and retry"
    assert error.extensions() == {"current_version": 2}
