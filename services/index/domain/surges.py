"""Category-surge warnings (the seed: a major category over 10% of all petitions, a minor
over 5%) over a rolling window, raised once per crossing and cleared with hysteresis."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from services.index.domain.model import Surges
from shared.schemas.index import SurgeWarningCleared, SurgeWarningRaised

ACTION = (
    "{name}类信访占比{share:.1%}，超过{threshold:.0%}预警线：请调研分析、找准症结，"
    "提出化解和处理的措施建议，适时启动专项处理活动，把矛盾化解在萌芽状态。"
)


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    # region -> category (minor and major) -> petitions registered in the window
    counts: Mapping[str, Counter[str]]
    totals: Mapping[str, int]


def evaluate(
    rules: Surges,
    category_name: Callable[[str], str],
    window: Window,
    active: set[tuple[str, str]],
    regions: list[str],
) -> list[SurgeWarningRaised | SurgeWarningCleared]:
    """Crossings since the last evaluation; ``active`` is what is raised now."""
    out: list[SurgeWarningRaised | SurgeWarningCleared] = []
    for region in regions:
        rule = rules.for_region(region)
        total = window.totals.get(region, 0)
        counts = window.counts.get(region, Counter())
        cats = set(counts) | {c for r, c in active if r == region}
        for cat in sorted(cats):
            level = "major" if len(cat) == 2 else "minor"
            threshold = rule.major_share if level == "major" else rule.minor_share
            share = counts.get(cat, 0) / total if total else 0.0
            if (region, cat) in active:
                if share < threshold - rule.hysteresis:
                    out.append(
                        SurgeWarningCleared(
                            region_code=region,
                            category_code=cat,
                            level=level,
                            window_end=window.end,
                            share=round(share, 4),
                        )
                    )
            elif total >= rule.min_total and share > threshold:
                out.append(
                    SurgeWarningRaised(
                        region_code=region,
                        category_code=cat,
                        level=level,
                        window_start=window.start,
                        window_end=window.end,
                        count=counts[cat],
                        total=total,
                        share=round(share, 4),
                        threshold=threshold,
                        suggested_action=ACTION.format(
                            name=category_name(cat), share=share, threshold=threshold
                        ),
                    )
                )
    return out
