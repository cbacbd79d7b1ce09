"""Field types that bound what a request may carry, for every service's edge (DESIGN.md,
rule 9): dates a calendar can count from, integers a database column holds, text without
control characters. A value outside them is a 422 naming the field, never a 500 further in.

Events do not use them: an event already written is read as it is (rule 6, rebuildable).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

# Dates a request may name: wide enough for any petition, narrow enough that a period, a due
# date or "the period before" computed from one stays far inside ``date``'s range.
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2099, 12, 31)

INT64_MAX = 2**63 - 1  # BIGINT
INT32_MAX = 2**31 - 1  # INTEGER

# C0 and C1 control characters; prose may keep tab and newline.
_CONTROL_LINE = "\x00-\x1f\x7f-\x9f"
_CONTROL_PROSE = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# The same sets as JSON Schema patterns, so the OpenAPI document says what is refused.
LINE_PATTERN = r"^[^\x00-\x1F\x7F-\x9F]*$"
PROSE_PATTERN = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F]*$"


# Finds a control character in one line of text (a query value, a path).
LINE_CONTROL = re.compile(f"[{_CONTROL_LINE}]")


def _refuse(chars: str, what: str) -> AfterValidator:
    found = re.compile(f"[{chars}]")

    def check(value: str) -> str:
        if found.search(value):
            raise ValueError(f"must not contain {what}")
        return value

    return AfterValidator(check)


def _within_days(value: date) -> date:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValueError(f"must be between {EARLIEST_DAY} and {LATEST_DAY}")
    return value


# One line of text: names, codes, titles, reasons shown in a list.
Line = Annotated[
    str,
    _refuse(_CONTROL_LINE, "control characters (tabs and line breaks included)"),
    Field(json_schema_extra={"pattern": LINE_PATTERN}),
]
# Free text: contents, replies, notes; tab and newline allowed.
Prose = Annotated[
    str,
    _refuse(_CONTROL_PROSE, "control characters other than tab and newline"),
    Field(json_schema_extra={"pattern": PROSE_PATTERN}),
]
# A calendar day within EARLIEST_DAY..LATEST_DAY.
Day = Annotated[
    date,
    AfterValidator(_within_days),
    Field(description=f"a date from {EARLIEST_DAY} to {LATEST_DAY}"),
]
# Integers as the columns hold them.
Int64 = Annotated[int, Field(ge=-INT64_MAX - 1, le=INT64_MAX)]
Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
