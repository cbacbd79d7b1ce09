"""The factor model as configuration: factors, grade thresholds, measures, letters, surges.

The file it is read from is ``application/modelfile.py``'s (``model/default.json`` unless an
admin points ``INDEX_MODEL_FILE`` at another). A bad file fails start-up naming the factor
and the field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.index.domain.metrics import METRICS


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Normalisation(_Strict):
    """How a value becomes a score of 0-100.

    ``linear``: ``worst`` scores 0, ``best`` scores 100, straight line between, clamped.
    ``target``: at or beyond ``target`` (in the factor's direction) scores 100; short of it,
    the proportion reached. ``staff``: the value is already a 0-100 score (qualitative).
    """

    kind: Literal["linear", "target", "staff"]
    best: float | None = None
    worst: float | None = None
    target: float | None = None

    @model_validator(mode="after")
    def _parameters(self) -> Normalisation:
        if self.kind == "linear" and (
            self.best is None or self.worst is None or self.best == self.worst
        ):
            raise ValueError("linear needs best and worst, and they must differ")
        if self.kind == "target" and (self.target is None or self.target <= 0):
            raise ValueError("target needs a positive target")
        return self


class Factor(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_.-]{1,64}$")
    name: str = Field(min_length=1, max_length=200)
    metric: str = Field(min_length=1, max_length=64)
    direction: Literal["higher_better", "lower_better"]
    normalisation: Normalisation
    weight: float = Field(gt=0)
    type: Literal["quantitative", "qualitative"]

    @model_validator(mode="after")
    def _consistent(self) -> Factor:
        n = self.normalisation
        if self.type == "qualitative":
            if n.kind != "staff" or self.metric != "staff_score":
                raise ValueError("a qualitative factor has metric staff_score, kind staff")
            return self
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}; known: {', '.join(METRICS)}")
        if n.kind == "staff":
            raise ValueError("a quantitative factor cannot be normalised as staff")
        if n.kind == "linear":
            assert n.best is not None and n.worst is not None
            if (n.best > n.worst) != (self.direction == "higher_better"):
                raise ValueError("best and worst contradict the direction")
        return self


class Measure(_Strict):
    kind: str = Field(min_length=1, max_length=32)
    addressee: str = Field(min_length=1, max_length=64)
    due_months: int | None = Field(default=None, ge=1, le=24)


class Letters(_Strict):
    online_ratio_target: float = 0.3
    miss_rate_max: float = 0.3
    resolution_rate_min: float = 0.8
    on_time_warning: float = 0.9
    # A rate is "rising" when it grew by more than this against the previous period.
    rising_delta: float = 0.02


class SurgeRule(_Strict):
    window_days: int = Field(default=30, ge=1, le=366)
    major_share: float = Field(default=0.10, gt=0, lt=1)
    minor_share: float = Field(default=0.05, gt=0, lt=1)
    # Cleared only once the share falls this far under the threshold: no flapping.
    hysteresis: float = Field(default=0.01, ge=0, lt=1)
    # Too few petitions make every share a surge; below this total nothing is raised.
    min_total: int = Field(default=20, ge=1)


class Surges(SurgeRule):
    regions: dict[str, SurgeRule] = Field(default_factory=dict)

    def for_region(self, region: str) -> SurgeRule:
        return self.regions.get(region, self)


class Model(_Strict):
    version: str = Field(min_length=1, max_length=32)
    # Total below thresholds[0] is grade 1 (most severe), below [1] grade 2, below [2] grade 3.
    grade_thresholds: tuple[float, float, float]
    swing_alert: float = Field(default=5.0, gt=0)
    measures: dict[Literal["1", "2", "3", "4"], tuple[Measure, ...]]
    letters: Letters = Letters()
    surges: Surges = Surges()
    factors: tuple[Factor, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Model:
        t = self.grade_thresholds
        if not t[0] < t[1] < t[2]:
            raise ValueError("grade_thresholds must increase")
        ids = [f.id for f in self.factors]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate factor ids: {', '.join(dupes)}")
        return self

    def grade(self, total: float) -> int:
        for grade, threshold in enumerate(self.grade_thresholds, start=1):
            if total < threshold:
                return grade
        return 4

    def quantitative_share(self) -> float:
        weight = sum(f.weight for f in self.factors)
        return sum(f.weight for f in self.factors if f.type == "quantitative") / weight
