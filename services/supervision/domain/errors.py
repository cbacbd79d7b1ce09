"""Supervision's refusals, each one answer of its HTTP API (shared.service.problems renders
them). The details are the ones the API has always given."""

from __future__ import annotations

from shared.errors import BadRequest, Conflict, Forbidden, Invalid, NotFound


class NoSuchPetition(NotFound):
    # One answer for absent and kept from the caller (Art. 30).
    error_code = "petition_not_found"
    text_zh = "没有找到这件信访事项，或无权查看"

    def __init__(self) -> None:
        super().__init__("supervision knows no such petition")


class NoSuchRecord(NotFound):
    error_code = "no_such_record"
    text_zh = "没有找到这条问责记录，或无权查看"

    def __init__(self) -> None:
        super().__init__("no such accountability record")


class OutsideScope(Forbidden):
    """The thing is outside the caller's region or department (the detail says which)."""

    error_code = "outside_scope"
    text_zh = "超出了您所在地区或单位的范围"


class DueInPast(Invalid):
    error_code = "due_in_past"
    text_zh = "期限不能早于今天"

    def __init__(self) -> None:
        super().__init__("due_on is in the past")


class EndBeforeStart(Invalid):
    error_code = "end_before_start"
    text_zh = "结束日期不能早于开始日期"

    def __init__(self) -> None:
        super().__init__("end is before start")


class NothingRunning(Conflict):
    error_code = "nothing_running"
    text_zh = "这件信访事项当前没有正在计算的期限"

    def __init__(self) -> None:
        super().__init__("no deadline is running on this petition")


class NotPaused(Conflict):
    error_code = "not_paused"
    text_zh = "期限没有暂停，无需恢复"

    def __init__(self) -> None:
        super().__init__("the clock is not paused")


class StreamBusy(Conflict):
    error_code = "busy"
    text_zh = "系统正忙，请稍后再试"

    def __init__(self) -> None:
        super().__init__("the petition's supervision stream is busy; try again")


class BadCursor(BadRequest):
    """A page cursor this API did not hand out."""

    error_code = "bad_cursor"
    text_zh = "翻页位置已失效，请刷新列表"

    def __init__(self) -> None:
        super().__init__("not a cursor this API returned")
