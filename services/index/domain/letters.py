"""Guidance letters (工作意见函): which of a region's numbers call for one, and the seed's
remedy for each."""

from __future__ import annotations

from typing import Any

from services.index.domain.model import Letters
from shared.schemas.index import WeakPoint

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
