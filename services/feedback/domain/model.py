"""The satisfaction model, pure: tallies, rates, scores, the four colours, rankings.

- satisfaction rate = (非常满意 + 满意) / all rated, for the unit and for the result;
- score = the mean of the rating points (configurable, 非常满意 100 .. 不满意 0) over both;
- colour: the first class whose minimum score the region reaches (configurable thresholds),
  so leaders compare regions at a glance; a region nobody rated has no colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.schemas.petition import Rating

SATISFIED = frozenset({Rating.VERY_SATISFIED.value, Rating.SATISFIED.value})
DEFAULT_POINTS: dict[str, float] = {
    Rating.VERY_SATISFIED.value: 100.0,
    Rating.SATISFIED.value: 80.0,
    Rating.NOT_QUITE.value: 40.0,
    Rating.DISSATISFIED.value: 0.0,
}
# (colour, minimum score), best first; below the last minimum is red.
DEFAULT_COLOURS: tuple[tuple[str, float], ...] = (("green", 90.0), ("blue", 80.0), ("yellow", 70.0))
LOWEST_COLOUR = "red"


@dataclass
class Tally:
    """Counts of each rating for one aspect (the unit, or the result)."""

    counts: dict[str, int] = field(default_factory=lambda: {r.value: 0 for r in Rating})

    def add(self, rating: str, n: int = 1) -> None:
        self.counts[rating] = self.counts.get(rating, 0) + n

    def merge(self, other: Tally) -> None:
        for rating, n in other.counts.items():
            self.add(rating, n)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(n for r, n in self.counts.items() if r in SATISFIED)

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.total if self.total else None

    def points(self, weights: Mapping[str, float]) -> float:
        return sum(weights.get(r, 0.0) * n for r, n in self.counts.items())


@dataclass
class Pair:
    """The unit's and the result's tallies for one group (a region, a department...)."""

    unit: Tally = field(default_factory=Tally)
    result: Tally = field(default_factory=Tally)

    def merge(self, other: Pair) -> None:
        self.unit.merge(other.unit)
        self.result.merge(other.result)

    def score(self, weights: Mapping[str, float] = DEFAULT_POINTS) -> float | None:
        n = self.unit.total + self.result.total
        if not n:
            return None
        return round((self.unit.points(weights) + self.result.points(weights)) / n, 2)


def colour(score: float | None, thresholds: Iterable[tuple[str, float]] = DEFAULT_COLOURS) -> str:
    """The colour class of a score; "none" when there is no score (nobody rated)."""
    if score is None:
        return "none"
    for name, minimum in sorted(thresholds, key=lambda t: -t[1]):
        if score >= minimum:
            return name
    return LOWEST_COLOUR


def rank(scores: Mapping[str, float | None]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4) by score, best first; unscored groups are not ranked."""
    ordered = sorted(((s, k) for k, s in scores.items() if s is not None), key=lambda t: -t[0])
    ranks: dict[str, int] = {}
    previous: float | None = None
    for position, (score, key) in enumerate(ordered, start=1):
        if score != previous:
            current = position
            previous = score
        ranks[key] = current
    return ranks


def describe(pair: Pair, weights: Mapping[str, float] = DEFAULT_POINTS) -> dict[str, Any]:
    """A group's figures as the API shows them."""
    return {
        "rated": pair.unit.total,
        "unit": _aspect(pair.unit),
        "result": _aspect(pair.result),
        "score": pair.score(weights),
    }


def _aspect(t: Tally) -> dict[str, Any]:
    rate = t.rate
    return {
        "counts": dict(t.counts),
        "satisfied": t.satisfied,
        "rate": round(rate, 4) if rate is not None else None,
    }
