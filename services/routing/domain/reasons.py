"""Why routing could not place a petition: the few fixed reasons it writes (in English, the
log's and the rows' words) and the same reason in Chinese for the petition office, with the
codes named. Both are made here, so a reason written is a reason this module can read.

- no rule places the petition (its category in its region, maybe above a level, maybe
  outside the departments it may not go to);
- intake refused the automatic assignment (intake's own words follow, in English);
- a step of the history: returned too often at one level, so routing looks higher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

LEVELS_ZH = {"village": "村", "township": "乡镇", "county": "县区", "city": "市"}

_NO_RULE = re.compile(
    r"^no rule places category (\S+) in region (\S+)"
    r"(?: at (\w+) level or above)?(?: outside (.+))?$"
)
_REFUSED = re.compile(r"^intake refused the assignment to (\S+): (.*)$", re.S)
_ESCALATED = re.compile(r"^returned (\d+) times; looking above (\w+) level$")


class Names(Protocol):
    """The reference data's look-ups (``shared.refdata.ReferenceData``): a name, or the code."""

    def region_name(self, code: str) -> str: ...

    def department_name(self, code: str) -> str: ...

    def category_name(self, code: str) -> str: ...


def no_rule(category: str, region: str | None, level: str | None, exclude: Iterable[str]) -> str:
    """``level``: the level the search started above the petition's own (after returns)."""
    why = f"no rule places category {category} in region {region or '(unknown)'}"
    if level is not None:
        why += f" at {level} level or above"
    left_out = sorted(exclude)
    if left_out:
        why += f" outside {', '.join(left_out)}"
    return why[:1000]


def refused(department: str, intake_reason: str | None) -> str:
    return f"intake refused the assignment to {department}: {intake_reason}"[:1000]


def escalated(returns: int, level: str) -> str:
    return f"returned {returns} times; looking above {level} level"


def _level(code: str | None) -> str:
    return LEVELS_ZH.get(code or "", code or "")


def in_chinese(reason: str | None, names: Names) -> str | None:
    """The reason as the petition office reads it; one this module did not write comes back
    as it is (an assignment's own reason, a person's words)."""
    if not reason:
        return reason
    if m := _NO_RULE.match(reason):
        category, region, level, outside = m.groups()
        out = (
            f"没有分派规则负责{names.region_name(region)}的“{names.category_name(category)}”类问题"
        )
        if level:
            out += f"（已在{_level(level)}级及以上查找）"
        if outside:
            avoided = "、".join(names.department_name(d) for d in outside.split(", "))
            out += f"，且不能交给{avoided}"
        return out + "，请人工分派。"
    if m := _REFUSED.match(reason):
        department, why = m.groups()
        return f"自动交办给{names.department_name(department)}未成功（{why}），请人工分派。"
    if m := _ESCALATED.match(reason):
        returns, level = m.groups()
        return f"已在{_level(level)}级被退回 {returns} 次，转到更高一级查找承办单位。"
    return reason
