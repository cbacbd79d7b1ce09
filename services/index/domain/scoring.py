"""Pure scoring: metric values -> factor scores -> total index -> grade. No I/O.

A factor without data (no denominator, no staff score) is left out and the remaining weights
are scaled up, so a township without ratings is neither punished nor rewarded for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from services.index.domain import metrics
from services.index.domain.model import Factor, Model


@dataclass(frozen=True)
class FactorResult:
    id: str
    name: str
    metric: str
    type: str
    weight: float
    value: float | None
    score: float | None
    contribution: float


@dataclass(frozen=True)
class Card:
    total: float
    grade: int
    factors: tuple[FactorResult, ...]
    values: dict[str, float | None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "grade": self.grade,
            "factors": [asdict(f) for f in self.factors],
            "metrics": self.values,
        }


def normalise(factor: Factor, value: float) -> float:
    n = factor.normalisation
    if n.kind == "staff":
        score = value
    elif n.kind == "linear":
        assert n.best is not None and n.worst is not None
        score = 100.0 * (value - n.worst) / (n.best - n.worst)
    else:
        assert n.target is not None
        if factor.direction == "higher_better":
            score = 100.0 * value / n.target
        else:
            score = 100.0 if value <= n.target else 100.0 * n.target / value
    return max(0.0, min(100.0, score))


def evaluate(model: Model, sums: Mapping[str, float], staff: Mapping[str, float]) -> Card:
    values = metrics.compute(sums)
    raw: list[tuple[Factor, float | None, float | None]] = []
    for factor in model.factors:
        value = staff.get(factor.id) if factor.type == "qualitative" else values[factor.metric]
        score = None if value is None else normalise(factor, value)
        raw.append((factor, value, score))
    weight = sum(f.weight for f, _, s in raw if s is not None)
    results = tuple(
        FactorResult(
            f.id,
            f.name,
            f.metric,
            f.type,
            f.weight,
            _round(value),
            _round(score),
            round(f.weight * score / weight, 4) if score is not None and weight else 0.0,
        )
        for f, value, score in raw
    )
    # Nothing measurable (no petitions, no staff scores): nothing wrong either.
    total = round(sum(r.contribution for r in results), 2) if weight else 100.0
    return Card(total, model.grade(total), results, {k: _round(v) for k, v in values.items()})


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)
