"""Scoring by hand: how a value becomes a 0-100 score under each normalisation, and how a
card's total leaves out the factors without data, scaling up the remaining weights."""

from __future__ import annotations

from typing import Any

import pytest

from services.index.domain.model import Factor, Model, Normalisation
from services.index.domain.scoring import evaluate, normalise


def factor(metric: str = "online_ratio", direction: str = "higher_better", **norm: Any) -> Factor:
    qualitative = norm.get("kind") == "staff"
    metric = "staff_score" if qualitative else metric
    return Factor.model_validate(
        {
            "id": f"f-{metric}",
            "name": metric,
            "metric": metric,
            "direction": direction,
            "normalisation": Normalisation(**norm),
            "weight": 1,
            "type": "qualitative" if qualitative else "quantitative",
        }
    )


@pytest.mark.parametrize(
    ("f", "value", "score"),
    [
        (factor(kind="linear", best=1.0, worst=0.5), 0.75, 50.0),
        (factor(kind="linear", best=1.0, worst=0.5), 0.4, 0.0),  # clamped below
        (factor(kind="linear", best=1.0, worst=0.5), 1.2, 100.0),  # clamped above
        (factor("avg_handling_days", "lower_better", kind="linear", best=10, worst=60), 35, 50.0),
        (factor(kind="target", target=0.4), 0.3, 75.0),
        (factor(kind="target", target=0.4), 0.6, 100.0),
        (factor("overdue_count", "lower_better", kind="target", target=2), 1, 100.0),
        (factor("overdue_count", "lower_better", kind="target", target=2), 4, 50.0),
        (factor(kind="staff"), 40.0, 40.0),
    ],
    ids=[
        "linear",
        "linear-floor",
        "linear-ceiling",
        "linear-lower-better",
        "target-short",
        "target-beyond",
        "lower-better-within",
        "lower-better-over",
        "staff",
    ],
)
def test_normalise(f: Factor, value: float, score: float) -> None:
    assert normalise(f, value) == pytest.approx(score)


ONLINE = factor(kind="target", target=0.5)  # weight 1
ON_TIME = factor("on_time_completion_rate", kind="linear", best=1.0, worst=0.0)
STAFF = factor(kind="staff")
MODEL = Model(
    version="t",
    grade_thresholds=(60, 70, 80),
    measures={},
    factors=(ONLINE, ON_TIME, STAFF),
)


@pytest.mark.parametrize(
    ("sums", "staff", "total", "grade", "scores"),
    [
        # online 1/4 -> 50, on time 3/4 -> 75, staff 90: (50 + 75 + 90) / 3
        (
            {"registered": 4, "online": 1, "replied": 4, "replied_on_time": 3},
            {STAFF.id: 90.0},
            71.67,
            3,
            [50.0, 75.0, 90.0],
        ),
        # No replies: on time has no value and is left out, (50 + 90) / 2
        ({"registered": 4, "online": 1}, {STAFF.id: 90.0}, 70.0, 3, [50.0, None, 90.0]),
        # No staff score either: the online score alone
        ({"registered": 4, "online": 1}, {}, 50.0, 1, [50.0, None, None]),
        # Nothing measurable: nothing wrong either
        ({}, {}, 100.0, 4, [None, None, None]),
    ],
    ids=["all", "without-replies", "one-factor", "no-data"],
)
def test_factors_without_data_are_left_out(
    sums: dict[str, float],
    staff: dict[str, float],
    total: float,
    grade: int,
    scores: list[float | None],
) -> None:
    card = evaluate(MODEL, sums, staff)
    assert card.total == total and card.grade == grade
    assert [f.score for f in card.factors] == scores
    assert sum(f.contribution for f in card.factors) == pytest.approx(
        total if any(s is not None for s in scores) else 0.0, abs=0.01
    )
