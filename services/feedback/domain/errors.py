"""Feedback's refusals, as ``shared.errors`` subclasses (one handler makes them problems)."""

from __future__ import annotations

from http import HTTPStatus

from shared.errors import Conflict, Forbidden, NotFound
from shared.errors import Invalid as _Invalid

__all__ = ["Forbidden", "Invalid", "Missing", "NotFound", "Refused"]


class Missing(NotFound):
    """A revisit, survey or campaign that is not there, or one the caller may not know of
    (an accusation kept from its accused unit answers alike, Art. 30)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"not found: {what}")
        self.what = what


class Refused(Conflict):
    """The request cannot be carried out in the thing's current state (409)."""


class Invalid(_Invalid):
    """A value the rules refuse. Its title is the one feedback's 422s have always carried
    (``http.HTTPStatus``'s phrase), so its problem bodies stay as they were."""

    title = HTTPStatus.UNPROCESSABLE_ENTITY.phrase
