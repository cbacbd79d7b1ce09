"""Guidance letters (工作意见函): which of a region's numbers call for one, and the seed's
remedy for each. ``weak_points`` is pure; ``issue`` numbers the letter in its yearly series."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, select

from services.index.model import Letters
from services.index.periods import Period
from services.index.tables import letters
from shared.schemas.index import GuidanceLetterIssued, WeakPoint

REMEDIES = {
    "online_ratio_low": "加大网上信访宣传力度，引导群众更多采取网络信访。",
    "dispute_miss_high": "改进矛盾纠纷排查化解工作，提高源头化解矛盾水平。",
    "resolution_low": "改进矛盾纠纷排查化解工作，提高源头化解矛盾水平。",
    "on_time_low": "规范办理信访事项，提升信访事项办理质量。",
    "skip_level_rising": "重点做好信访积案、老信访户化解工作。",
    "repeat_rising": "重点做好信访积案、老信访户化解工作。",
}


def weak_points(rules: Letters, card: dict[str, Any]) -> list[WeakPoint]:
    m = card["metrics"]
    before = card["trend"]["previous_metrics"]
    found: list[WeakPoint] = []

    def point(code: str, metric: str, threshold: float) -> None:
        found.append(
            WeakPoint(
                code=code,
                metric=metric,
                value=m[metric],
                threshold=threshold,
                remedy=REMEDIES[code],
            )
        )

    if _below(m["online_ratio"], rules.online_ratio_target):
        point("online_ratio_low", "online_ratio", rules.online_ratio_target)
    if _above(m["dispute_miss_rate"], rules.miss_rate_max):
        point("dispute_miss_high", "dispute_miss_rate", rules.miss_rate_max)
    if _below(m["dispute_resolution_rate"], rules.resolution_rate_min):
        point("resolution_low", "dispute_resolution_rate", rules.resolution_rate_min)
    if _below(m["on_time_completion_rate"], rules.on_time_warning):
        point("on_time_low", "on_time_completion_rate", rules.on_time_warning)
    for code, metric in (
        ("skip_level_rising", "skip_level_rate"),
        ("repeat_rising", "repeat_rate"),
    ):
        now, then = m[metric], before.get(metric)
        if now is not None and then is not None and now - then > rules.rising_delta:
            point(code, metric, round(then + rules.rising_delta, 4))
    return found


def _below(value: float | None, threshold: float) -> bool:
    return value is not None and value < threshold


def _above(value: float | None, threshold: float) -> bool:
    return value is not None and value > threshold


def already_issued(conn: Connection, region: str, period: Period) -> bool:
    q = select(letters.c.letter_id).where(
        letters.c.region_code == region,
        letters.c.period_start == period.start,
        letters.c.period_end == period.end,
    )
    return conn.execute(q).first() is not None


def issue(
    conn: Connection, region: str, period: Period, points: list[WeakPoint], issued_on: date
) -> GuidanceLetterIssued:
    """Take the next number of the year and record the letter (the caller appends the event
    in the same transaction; the unique (year, number) refuses a concurrent duplicate)."""
    year = issued_on.year
    last = conn.execute(select(func.max(letters.c.number)).where(letters.c.year == year)).scalar()
    letter = GuidanceLetterIssued(
        letter_id=uuid.uuid4().hex,
        year=year,
        number=(last or 0) + 1,
        region_code=region,
        period_start=period.start,
        period_end=period.end,
        issued_on=issued_on,
        weak_points=tuple(points),
    )
    conn.execute(
        insert(letters).values(
            letter_id=letter.letter_id,
            year=year,
            number=letter.number,
            region_code=region,
            period_start=period.start,
            period_end=period.end,
            issued_on=issued_on,
            body=json.dumps(letter.model_dump(mode="json"), ensure_ascii=False),
        )
    )
    return letter
