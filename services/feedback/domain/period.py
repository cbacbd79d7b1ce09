"""The period a figure or a report covers."""

from __future__ import annotations

from datetime import date

from services.feedback.domain.errors import Invalid


def period(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    """``start`` to ``end``; by default the current year to date."""
    start = start or date(today.year, 1, 1)
    end = end or today
    if end < start:
        raise Invalid("'to' is before 'from'", zh="结束日期不能早于开始日期")
    return start, end
