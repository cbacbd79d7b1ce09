"""Supervision's refusals, each one answer of its HTTP API (shared.service.problems renders
them). The details are the ones the API has always given."""

from __future__ import annotations

from shared.errors import BadRequest, Conflict, Forbidden, Invalid, NotFound


class NoSuchPetition(NotFound):
    # One answer for absent and kept from the caller (Art. 30).
    def __init__(self) -> None:
        super().__init__("supervision knows no such petition")


class NoSuchRecord(NotFound):
    def __init__(self) -> None:
        super().__init__("no such accountability record")


class OutsideScope(Forbidden):
    """The thing is outside the caller's region or department (the detail says which)."""


class DueInPast(Invalid):
    def __init__(self) -> None:
        super().__init__("due_on is in the past")


class EndBeforeStart(Invalid):
    def __init__(self) -> None:
        super().__init__("end is before start")


class NothingRunning(Conflict):
    def __init__(self) -> None:
        super().__init__("no deadline is running on this petition")


class NotPaused(Conflict):
    def __init__(self) -> None:
        super().__init__("the clock is not paused")


class StreamBusy(Conflict):
    def __init__(self) -> None:
        super().__init__("the petition's supervision stream is busy; try again")


class BadCursor(BadRequest):
    """A page cursor this API did not hand out."""

    def __init__(self) -> None:
        super().__init__("not a cursor this API returned")
