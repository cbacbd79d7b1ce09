"""The factor model as configuration: the default's shape, a generated 145-factor model,
and the errors a bad file gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.index.application.modelfile import DEFAULT_FILE, Model, load_model
from services.index.domain.metrics import METRICS
from services.index.domain.scoring import evaluate

REQUIRED = {
    "on_time_completion_rate",
    "first_visit_resolution_rate",
    "avg_handling_days",
    "satisfaction_rate",
    "online_ratio",
    "repeat_rate",
    "skip_level_rate",
    "overdue_count",
    "notice_timeliness_rate",
    "dispute_resolution_rate",
    "dispute_miss_rate",
    "collective_count",
    "revisit_success_rate",
}


def test_default_model_is_about_80_percent_quantitative() -> None:
    model = load_model()
    assert model.quantitative_share() == pytest.approx(0.8)
    assert {f.metric for f in model.factors} >= REQUIRED
    assert any(f.type == "qualitative" for f in model.factors)


def generated(n: int = 145) -> dict[str, object]:
    raw = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    quantitative = [f for f in raw["factors"] if f["type"] == "quantitative"]
    qualitative = [f for f in raw["factors"] if f["type"] == "qualitative"]
    factors = []
    for i in range(n):
        # 116 quantitative (80%) and 29 qualitative factors of weight 1 each.
        base = quantitative[i % len(quantitative)] if i < 116 else qualitative[i % len(qualitative)]
        factors.append(dict(base, id=f"f{i:03d}", name=f"因子{i}", weight=1))
    return dict(raw, version="gen-145", factors=factors)


def test_a_145_factor_model_loads_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps(generated(), ensure_ascii=False), encoding="utf-8")
    model = load_model(path)
    assert len(model.factors) == 145
    assert model.quantitative_share() == pytest.approx(116 / 145)
    sums = {"registered": 100, "online": 40, "replied": 80, "replied_on_time": 80}
    staff = {f.id: 50.0 for f in model.factors if f.type == "qualitative"}
    card = evaluate(model, sums, staff)
    assert len(card.factors) == 145
    scored = [f for f in card.factors if f.score is not None]
    assert sum(f.contribution for f in scored) == pytest.approx(card.total, abs=0.05)
    assert 0 <= card.total <= 100


def test_grades_follow_the_thresholds() -> None:
    model = load_model()
    assert [model.grade(t) for t in (10, 60, 69.9, 70, 79.99, 80, 100)] == [1, 2, 2, 3, 3, 4, 4]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"metric": "no_such_metric"}, "unknown metric"),
        ({"normalisation": {"kind": "linear", "best": 0.8, "worst": 1.0}}, "contradict"),
        ({"weight": 0}, "greater than 0"),
        ({"type": "qualitative"}, "qualitative factor"),
    ],
)
def test_bad_factors_are_refused_with_a_reason(change: dict[str, object], message: str) -> None:
    raw = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    raw["factors"][0] = dict(raw["factors"][0], **change)
    with pytest.raises(ValidationError, match=message):
        Model.model_validate(raw)


def test_every_metric_the_default_names_exists() -> None:
    for factor in load_model().factors:
        assert factor.type == "qualitative" or factor.metric in METRICS
