"""Feedback's refusals, as ``shared.errors`` subclasses (one handler makes them problems)."""

from __future__ import annotations

from shared.errors import Conflict, Forbidden, Invalid, NotFound

__all__ = ["Forbidden", "Invalid", "Missing", "NotFound", "OutsideScope", "Refused"]


class Missing(NotFound):
    """A revisit, survey or campaign that is not there, or one the caller may not know of
    (an accusation kept from its accused unit answers alike, Art. 30)."""

    error_code = "not_found"
    text_zh = "没有找到这项回访、调查或征集，或无权查看"

    def __init__(self, what: str) -> None:
        super().__init__(f"not found: {what}")
        self.what = what


class Refused(Conflict):
    """The request cannot be carried out in the thing's current state (409)."""

    error_code = "refused"
    text_zh = "当前状态下不能进行这项操作"


class OutsideScope(Forbidden):
    """A region outside the caller's own (a county's leader asking for another county)."""

    error_code = "outside_org"
    text_zh = "超出了您所在单位的范围"

    def __init__(self, region: str) -> None:
        super().__init__(f"{region} is outside your org")
