"""The revisit (回头看): what the unit found, when an outcome may be recorded, and what
intake's answer does to the task.

A task is ``open`` (the unit's to do), ``sent`` (the outcome went to intake, which has not
answered yet) or ``done`` (intake recorded the outcome). Intake is the writer of petitions:
only its event closes the task, and its refusal gives the task back to the unit with the
reason, so feedback never holds a revisit done that the petition does not.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from services.feedback.domain.errors import Invalid, Refused

OPEN, SENT, DONE = "open", "sent", "done"
STATES = (OPEN, SENT, DONE)

_COMMANDS = uuid.UUID("5e0c2b7a-94f1-4d2e-8b3a-6f7e8d9c0a1b")


@dataclass(frozen=True)
class Outcome:
    outcome: str
    resolved: bool
    revisited_on: date


@dataclass(frozen=True)
class Answer:
    """Intake's answer to one command (a ``CommandOutcome``, in the terms the task needs)."""

    command_id: str
    refused: bool
    code: str | None = None
    reason: str | None = None


def revisit_day(revisited_on: date | None, today: date) -> date:
    """The day of the revisit: today unless given, never after today."""
    on = revisited_on or today
    if on > today:
        raise Invalid("revisited_on is in the future", zh="回访日期不能晚于今天")
    return on


def check_outcome(state: str, rated_on: date, outcome: Outcome) -> None:
    """One outcome per revisit, and not before the rating it answers."""
    if state == SENT:
        raise Refused(
            "the revisit outcome was sent to intake and awaits its answer",
            zh="回访结果已提交，正在等待信访系统确认",
        )
    if state != OPEN:
        raise Refused("the revisit outcome is already recorded", zh="回访结果已经登记过了")
    if outcome.revisited_on < rated_on:
        raise Refused("revisited_on is before the rating", zh="回访日期不能早于信访人评价的日期")


def command_id(petition_id: str, attempt: int) -> str:
    """The command of one attempt at telling intake. Intake runs a command id once, so an
    attempt after a refusal needs an id of its own; a resend of one attempt is the same
    command. The first attempt keeps the id tasks had before attempts were counted."""
    name = f"{petition_id}|revisit_outcome"
    return str(uuid.uuid5(_COMMANDS, name if attempt <= 1 else f"{name}|{attempt}"))


def reopens(state: str, awaited: str | None, answer: Answer) -> bool:
    """Intake refused the very command the task waits on: the task is the unit's again.

    Any other answer changes nothing: a success closes the task only through intake's event
    (which carries what intake recorded), and the answer to an earlier attempt, redelivered
    after the unit tried again, is stale."""
    return state == SENT and answer.refused and answer.command_id == awaited


def closes(state: str) -> bool:
    """Intake's event recording a revisit outcome closes a task not yet done, whoever sent
    it (feedback's command, or a person on intake's own route)."""
    return state != DONE


def overdue(state: str, due_on: date, today: date) -> bool:
    return state == OPEN and due_on < today


# Intake's petition statuses (services/intake/domain/state.py), as a refusal names them.
_STATUS = re.compile(r"while the petition is (\w+)")
_STATUS_ZH = {
    "registered": "已登记",
    "assigned": "已交办",
    "returned": "已退回",
    "accepted": "已受理",
    "not_accepted": "不予受理",
    "replied": "已答复",
    "closed": "已办结",
    "under_review": "复查中",
    "reviewed": "已复查",
    "under_re_review": "复核中",
    "re_reviewed": "已复核",
    "withdrawn": "已撤回",
}
_REFUSALS_ZH = {
    "conflict": "信访事项刚被他人更新，未能记录回访结果，请重新提交",
    "not_found": "信访部门没有这件信访事项，未能记录回访结果",
    "invalid": "回访结果不符合要求（回访日期应在答复之后、今天之前），未能记录，请核实后重新提交",
    "rule_violation": "回访结果不符合规定，未能记录，请核实后重新提交",
}


def refusal_in_chinese(code: str | None, reason: str | None) -> str | None:
    """Why intake refused the outcome, as the unit reads it (intake's reason is English)."""
    if code is None and reason is None:
        return None
    if code == "invalid_transition":
        found = _STATUS.search(reason or "")
        status = _STATUS_ZH.get(found.group(1)) if found else None
        now = f"（现为“{status}”）" if status else ""
        return f"信访事项的状态已经变化{now}，现在不能记录回访结果"
    return _REFUSALS_ZH.get(code or "", "信访部门未能记录回访结果，请核实后重新提交")
