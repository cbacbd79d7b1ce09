"""Guidance letters: which of a region's numbers are weak points, and the remedy for each."""

from __future__ import annotations

from typing import Any

import pytest

from services.index.domain.letters import REMEDIES, weak_points
from services.index.domain.model import Letters

RULES = Letters()  # online 30%, miss 30%, resolution 80%, on time 90%, rising by 2 points
FINE = {
    "online_ratio": 0.5,
    "dispute_miss_rate": 0.1,
    "dispute_resolution_rate": 0.9,
    "on_time_completion_rate": 0.95,
    "skip_level_rate": 0.05,
    "repeat_rate": 0.05,
}


def card(before: dict[str, Any] | None = None, **now: float | None) -> dict[str, Any]:
    return {"metrics": {**FINE, **now}, "trend": {"previous_metrics": before or FINE}}


@pytest.mark.parametrize(
    ("c", "codes"),
    [
        (card(), []),
        (card(online_ratio=0.2), ["online_ratio_low"]),
        (card(online_ratio=None), []),  # no data is not a weak point
        (card(dispute_miss_rate=0.31), ["dispute_miss_high"]),
        (card(dispute_resolution_rate=0.7), ["resolution_low"]),
        (card(on_time_completion_rate=0.85), ["on_time_low"]),
        (card(repeat_rate=0.08), ["repeat_rising"]),  # up 3 points
        (card(repeat_rate=0.06), []),  # up 1 point
        (card({**FINE, "skip_level_rate": None}, skip_level_rate=0.5), []),  # nothing before
        (
            card(online_ratio=0.1, skip_level_rate=0.2, on_time_completion_rate=0.5),
            ["online_ratio_low", "on_time_low", "skip_level_rising"],
        ),
    ],
)
def test_weak_points(c: dict[str, Any], codes: list[str]) -> None:
    points = weak_points(RULES, c)
    assert [p.code for p in points] == codes
    assert all(p.remedy == REMEDIES[p.code] for p in points)


def test_a_rising_rate_names_the_level_it_rose_over() -> None:
    (point,) = weak_points(RULES, card(repeat_rate=0.1))
    assert (point.metric, point.value, point.threshold) == ("repeat_rate", 0.1, 0.07)
