"""The statistics' rates, in one list for the stats API, the custom charts and the cockpit:
each one of the index's metrics (domain/metrics.py), so the cockpit, the scorecards and the
health check say the same number; its Chinese name, its unit, and which way is good (the pages
colour a good move green and a bad one red)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Good = Literal["high", "low"]


@dataclass(frozen=True)
class Rate:
    key: str
    metric: str
    name: str
    unit: Literal["ratio", "days"]
    good: Good


RATES: tuple[Rate, ...] = (
    # 按期办结率: replied within the reply limit (incl. an approved extension) / replied.
    Rate("on_time_completion_rate", "on_time_completion_rate", "按期办结率", "ratio", "high"),
    # 初信初访一次性化解率: first petitions replied and not reviewed or petitioned again.
    Rate(
        "first_visit_resolution_rate",
        "first_visit_resolution_rate",
        "初信初访一次性化解率",
        "ratio",
        "high",
    ),
    # 平均办理天数: days from receipt to the first reply, over the replies.
    Rate("avg_handling_days", "avg_handling_days", "平均办理天数", "days", "low"),
    # 及时受理率: the petitioner told within the limit whether it is accepted (Art. 23), the
    # index's notice timeliness.
    Rate("timely_acceptance_rate", "notice_timeliness_rate", "及时受理率", "ratio", "high"),
    # 参评率: rated / replied (the index's rating rate).
    Rate("participation_rate", "rating_rate", "参评率", "ratio", "high"),
    # 满意率: (非常满意 + 满意) / rated on the result, feedback's definition too
    # (services/feedback/domain/model.py).
    Rate("satisfaction_rate", "satisfaction_rate", "满意率", "ratio", "high"),
    Rate("repeat_share", "repeat_rate", "重复信访占比", "ratio", "low"),
    Rate("collective_share", "collective_rate", "集体信访占比", "ratio", "low"),
    Rate("skip_level_share", "skip_level_rate", "越级信访占比", "ratio", "low"),
)
