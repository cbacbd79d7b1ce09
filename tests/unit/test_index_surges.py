"""Category surges over a window: raised once per crossing, over the threshold and the
minimum total, cleared only below the threshold less the hysteresis; a region's own rule."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from services.index.domain.model import SurgeRule, Surges
from services.index.domain.surges import Window, evaluate
from shared.schemas.index import SurgeWarningRaised

RULES = Surges(regions={"K2": SurgeRule(major_share=0.5, min_total=2)})
NAMES = {"01": "城乡建设", "0101": "拆迁"}


def window(region: str, total: int, **counts: int) -> Window:
    return Window(date(2025, 3, 1), date(2025, 3, 30), {region: Counter(counts)}, {region: total})


def changes(w: Window, active: set[tuple[str, str]], region: str = "K") -> list[tuple[str, str]]:
    found = evaluate(RULES, lambda c: NAMES.get(c, c), w, active, [region])
    return [
        ("raised" if isinstance(c, SurgeWarningRaised) else "cleared", c.category_code)
        for c in found
    ]


@pytest.mark.parametrize(
    ("w", "active", "expected"),
    [
        # 4 of 30 in major 01 (13% > 10%) and minor 0101 (13% > 5%).
        (window("K", 30, **{"01": 4, "0101": 4}), set(), [("raised", "01"), ("raised", "0101")]),
        # Already raised: nothing new.
        (window("K", 30, **{"01": 4, "0101": 4}), {("K", "01"), ("K", "0101")}, []),
        # 3 of 30 is exactly 10%: not over the threshold.
        (window("K", 30, **{"01": 3}), set(), []),
        # Over the share but under the minimum total of 20.
        (window("K", 19, **{"01": 10}), set(), []),
        # 9.5%: under the threshold but inside the hysteresis band (9% to 10%), stays raised.
        (window("K", 1000, **{"01": 95}), {("K", "01")}, []),
        # 8.9%: below 10% - 1%, cleared.
        (window("K", 1000, **{"01": 89}), {("K", "01")}, [("cleared", "01")]),
        # Raised, and nothing of it left in the window: cleared at share 0.
        (window("K", 30), {("K", "01")}, [("cleared", "01")]),
    ],
    ids=["raise", "raised-once", "at-threshold", "too-few", "hysteresis", "clear", "gone"],
)
def test_crossings(
    w: Window, active: set[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert changes(w, active) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, []), (2, [("raised", "01")])],
)
def test_a_region_with_its_own_rule(count: int, expected: list[tuple[str, str]]) -> None:
    # K2: over half of at least 2.
    assert changes(window("K2", 3, **{"01": count}), set(), "K2") == expected


def test_a_raised_warning_says_what_to_do_and_names_the_category() -> None:
    w = window("K", 30, **{"01": 4})
    (raised,) = evaluate(RULES, lambda c: NAMES.get(c, c), w, set(), ["K"])
    assert isinstance(raised, SurgeWarningRaised)
    assert (raised.count, raised.total, raised.share, raised.threshold) == (4, 30, 0.1333, 0.1)
    assert raised.level == "major" and raised.window_start == date(2025, 3, 1)
    assert raised.suggested_action.startswith("城乡建设类信访占比13.3%，超过10%预警线")
