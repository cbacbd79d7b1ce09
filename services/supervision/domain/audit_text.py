"""What each row of the audit log says in Chinese (the workbench's 审计 page shows it): the
event and, for a step that ended or began, its deadline and whether it was met. From the
row's own fields only, never from a payload: no content and no personal data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

EVENTS: dict[str, str] = {
    "petition.registered": "登记",
    "petition.assigned": "交办/转送",
    "petition.returned": "退回",
    "petition.accepted": "受理",
    "petition.not_accepted": "不予受理",
    "petition.acceptance_notice_recorded": "告知受理情况",
    "petition.extension_requested": "申请延期",
    "petition.extension_approved": "批准延期",
    "petition.extension_refused": "不批准延期",
    "petition.replied": "答复",
    "petition.closed": "办结",
    "petition.rated": "评价",
    "petition.review_requested": "申请复查/复核",
    "petition.review_decided": "复查/复核决定",
    "petition.withdrawn": "撤回",
    "petition.linked": "关联为重复信访",
    "petition.case_owner_set": "确定包案领导",
    "petition.revisit_outcome_recorded": "记录回访结果",
}
STEPS: dict[str, str] = {
    "forward": "登记转送",
    "acceptance_notice": "告知受理",
    "handling": "办理答复",
    "extension": "延期办理",
    "review": "复查",
    "re_review": "复核",
    "revisit": "回头看",
}


def what(row: Mapping[str, Any]) -> str:
    """``受理；办理答复期限 2026-05-01（按期）`` and the like."""
    text = EVENTS.get(row["event_type"], row["event_type"])
    step = row.get("deadline")
    if step is None:
        return text
    step_name = STEPS.get(step, step)
    met = row.get("met")
    if met is None:  # the event started a step: its deadline runs from here
        return f"{text}；{step_name}期限 {row['due_on']}"
    return f"{text}；{step_name}期限 {row['due_on']}（{'按期' if met else '超期'}）"
