"""Routing's refusals; ``shared.service.problems`` turns each into its problem body."""

from __future__ import annotations

from typing import Any

from shared.errors import BadRequest, Forbidden, Invalid, NotFound


class NoSuchDepartment(NotFound):
    def __init__(self, department: str) -> None:
        super().__init__(f"no department {department!r}")


class NoSuchPetition(NotFound):
    """Absent, or kept from the caller: one answer for both (Art. 30)."""

    def __init__(self) -> None:
        super().__init__("routing knows no such petition")


class NoSuchVersion(NotFound):
    """A rule-set version that is not stored, or not a version at all."""


class OutsideScope(Forbidden):
    """The caller's org does not reach the queue or the petition."""


class BadCursor(BadRequest):
    """A page cursor this API did not hand out."""

    def __init__(self) -> None:
        super().__init__("cursor is not one this API returned")


class InvalidRuleSet(Invalid):
    """A rule set the reference data refuses; ``errors`` lists every problem."""

    title = "Invalid rule set"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("the rule set is not valid")
        self.problems = problems

    def __str__(self) -> str:
        # What a bad seed file's start-up failure says: its problems, not the API's sentence.
        return "; ".join(self.problems)

    def extensions(self) -> dict[str, Any]:
        return {"errors": self.problems}
