"""The index's refusals. Each keeps the status, title and detail the index answered with
before the routes were thinned (``HTTPException``), so no client sees a change."""

from __future__ import annotations

from shared.errors import Forbidden, Invalid, NotFound


class Unknown(NotFound):
    """No such region, department, dispute or measure."""

    error_code = "not_found"
    text_zh = "没有找到这个地区、单位、矛盾纠纷或整改措施"


class OutsideOrg(Forbidden):
    """The subject lies outside the caller's org."""

    error_code = "outside_org"
    text_zh = "超出了您所在单位的范围"

    def __init__(self, subject: str) -> None:
        super().__init__(f"{subject} is outside your org")


class Refused(Invalid):
    """A value the index refuses (unknown region or category, a bad period...). No field is
    named: the index's 422s never listed one."""

    error_code = "invalid"
    text_zh = "查询条件有误（地区、问题分类或时间段），请检查后重试"
