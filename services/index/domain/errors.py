"""The index's refusals. Each keeps the status, title and detail the index answered with
before the routes were thinned (``HTTPException``), so no client sees a change."""

from __future__ import annotations

from shared.errors import Forbidden, Invalid, NotFound


class Unknown(NotFound):
    """No such region, department, dispute or measure."""


class OutsideOrg(Forbidden):
    """The subject lies outside the caller's org."""

    def __init__(self, subject: str) -> None:
        super().__init__(f"{subject} is outside your org")


class Refused(Invalid):
    """A value the index refuses (unknown region or category, a bad period...). No field is
    named: the index's 422s never listed one."""
