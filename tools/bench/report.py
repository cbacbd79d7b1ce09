"""Bench results: a table on the terminal and JSON under the results folder."""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table


@dataclass
class Figure:
    """One measured figure: medians of its runs, and of its baseline's runs when it has one."""

    part: str
    name: str
    unit: str
    runs: list[float]
    baseline_name: str = ""
    baseline_runs: list[float] = field(default_factory=list)
    # Target: minimum ratio to the baseline, or minimum/maximum absolute value.
    min_ratio: float | None = None
    min_value: float | None = None
    max_value: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_runs) if self.baseline_runs else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_median
        return self.median / base if base else None

    @property
    def passed(self) -> bool:
        ok = True
        if self.min_ratio is not None:
            ok &= (self.ratio or 0.0) >= self.min_ratio
        if self.min_value is not None:
            ok &= self.median >= self.min_value
        if self.max_value is not None:
            ok &= self.median <= self.max_value
        return ok

    def target(self) -> str:
        parts = []
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:.0%} of baseline")
        if self.min_value is not None:
            parts.append(f"≥ {self.min_value:,.0f} {self.unit}")
        if self.max_value is not None:
            parts.append(f"≤ {self.max_value:,.3g} {self.unit}")
        return "; ".join(parts)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.update(
            median=self.median,
            baseline_median=self.baseline_median,
            ratio=self.ratio,
            target=self.target(),
            passed=self.passed,
        )
        return data


def render(figures: list[Figure], console: Console | None = None) -> Table:
    table = Table(title="Sunshine Petition bench (medians)")
    for col in ("part", "figure", "median", "baseline", "baseline median", "ratio", "target", "ok"):
        table.add_column(col)
    for f in figures:
        base = f.baseline_median
        table.add_row(
            f.part,
            f.name,
            f"{f.median:,.1f} {f.unit}",
            f.baseline_name,
            f"{base:,.1f} {f.unit}" if base is not None else "",
            f"{f.ratio:.1%}" if f.ratio is not None else "",
            f.target(),
            "yes" if f.passed else "NO",
        )
    (console or Console(width=160)).print(table)
    return table


def write_json(figures: list[Figure], folder: Path, settings: dict[str, object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    doc = {
        "at": stamp,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "settings": settings,
        "figures": [f.to_json() for f in figures],
    }
    path = folder / f"bench-{stamp}.json"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False))
    (folder / "latest.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False))
    return path
