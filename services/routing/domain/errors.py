"""Routing's refusals; ``shared.service.problems`` turns each into its problem body."""

from __future__ import annotations

from typing import Any

from shared.errors import BadRequest, Forbidden, Invalid, NotFound


class NoSuchDepartment(NotFound):
    error_code = "no_such_department"
    text_zh = "没有这个承办单位"

    def __init__(self, department: str) -> None:
        super().__init__(f"no department {department!r}")


class NoSuchPetition(NotFound):
    """Absent, or kept from the caller: one answer for both (Art. 30)."""

    error_code = "petition_not_found"
    text_zh = "没有找到这件信访事项，或无权查看"

    def __init__(self) -> None:
        super().__init__("routing knows no such petition")


class NoSuchVersion(NotFound):
    """A rule-set version that is not stored, or not a version at all."""

    error_code = "no_such_version"
    text_zh = "没有这个版本的分流规则"


class OutsideScope(Forbidden):
    """The caller's org does not reach the queue or the petition."""

    error_code = "outside_scope"
    text_zh = "超出了您所在单位的范围"


class BadCursor(BadRequest):
    """A page cursor this API did not hand out."""

    error_code = "bad_cursor"
    text_zh = "翻页位置已失效，请刷新列表"

    def __init__(self) -> None:
        super().__init__("cursor is not one this API returned")


class InvalidRuleSet(Invalid):
    """A rule set the reference data refuses; ``errors`` lists every problem."""

    title = "Invalid rule set"
    error_code = "invalid_rule_set"
    text_zh = "分流规则有误，请按提示修改"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("the rule set is not valid")
        self.problems = problems

    def __str__(self) -> str:
        # What a bad seed file's start-up failure says: its problems, not the API's sentence.
        return "; ".join(self.problems)

    def extensions(self) -> dict[str, Any]:
        return {"errors": self.problems}
