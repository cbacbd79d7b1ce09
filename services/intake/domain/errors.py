"""Domain errors. The API maps them to problem responses; none of them is a 500."""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """A command was refused; nothing is written."""

    title = "Command refused"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidTransition(DomainError):
    """The command is not allowed in the petition's current state (HTTP 409)."""

    title = "Invalid transition"

    def __init__(self, command: str, status: str, allowed: Sequence[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none"
        super().__init__(
            f"{command} is not allowed while the petition is {status}; allowed: {allowed_text}"
        )
        self.command = command
        self.status = status
        self.allowed = tuple(allowed)


class RuleViolation(DomainError):
    """The state allows the command, but a rule of the regulation forbids it now (HTTP 409):
    a time limit has passed, the one extension is used, the claim is concluded..."""

    title = "Rule violation"


class UnknownReference(DomainError):
    """A code is not in the reference data (HTTP 422, pointing at ``field``)."""

    title = "Unknown code"

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: unknown code {code!r}")
        self.field = field
        self.code = code


class InvalidCommand(DomainError):
    """A field's value is inconsistent with the others or with the reference data (HTTP 422)."""

    title = "Invalid command"

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field


class InvalidRatingToken(DomainError):
    """The rating token is wrong or already used (HTTP 403)."""

    title = "Invalid rating token"
