"""What each grade calls for (the seed's 分级管理), as events with deadlines. Pure."""

from __future__ import annotations

import calendar
from datetime import date

from services.index.domain.model import Model
from services.index.domain.periods import Period
from shared.schemas.index import IndexSwingAlert, MeasureIssued


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def measures_for(
    model: Model, subject: str, grade: int, period: Period, issued_on: date
) -> list[MeasureIssued]:
    out = []
    for i, m in enumerate(model.measures.get(str(grade), ())):  # type: ignore[call-overload]
        out.append(
            MeasureIssued(
                measure_id=f"{subject}-{period.start:%Y%m%d}-{period.end:%Y%m%d}-{i + 1}",
                subject=subject,
                grade=grade,
                kind=m.kind,
                addressee=m.addressee,
                issued_on=issued_on,
                due_on=add_months(issued_on, m.due_months) if m.due_months else None,
                period_start=period.start,
                period_end=period.end,
            )
        )
    return out


def swing_alert(
    model: Model, subject: str, grade: int, period: Period, total: float, previous: float | None
) -> IndexSwingAlert | None:
    """Grade 4 is routine management: only a large swing against last period is news."""
    if grade != 4 or previous is None or abs(total - previous) <= model.swing_alert:
        return None
    return IndexSwingAlert(
        subject=subject,
        period_start=period.start,
        period_end=period.end,
        total=total,
        previous_total=previous,
        swing=round(total - previous, 2),
    )
