"""The satisfaction model's arithmetic, colour classes and ranking; the Chinese n-grams."""

from __future__ import annotations

import pytest

from services.feedback.domain import model
from services.feedback.domain.grams import fts_match, index_tokens, query_tokens
from services.feedback.domain.survey import DEFAULT_DIMENSIONS, check_scores
from shared.schemas.petition import Rating


def pair(unit: dict[Rating, int], result: dict[Rating, int] | None = None) -> model.Pair:
    p = model.Pair()
    for r, n in unit.items():
        p.unit.add(r.value, n)
    for r, n in (result if result is not None else unit).items():
        p.result.add(r.value, n)
    return p


def test_rate_counts_very_satisfied_and_satisfied_over_all_rated() -> None:
    p = pair(
        {
            Rating.VERY_SATISFIED: 3,
            Rating.SATISFIED: 5,
            Rating.NOT_QUITE: 1,
            Rating.DISSATISFIED: 1,
        },
        {Rating.SATISFIED: 4, Rating.DISSATISFIED: 6},
    )
    assert p.unit.total == 10 and p.unit.rate == 0.8
    assert p.result.rate == 0.4
    # (3*100 + 5*80 + 1*40 + 0) + (4*80) = 1060 points over 20 ratings
    assert p.score() == 53.0
    assert model.Pair().unit.rate is None and model.Pair().score() is None


@pytest.mark.parametrize(
    ("score", "colour"),
    [(100, "green"), (90, "green"), (89.99, "blue"), (80, "blue"), (70, "yellow"), (69.9, "red"),
     (0, "red"), (None, "none")],
)  # fmt: skip
def test_default_colour_thresholds(score: float | None, colour: str) -> None:
    assert model.colour(score) == colour


def test_configured_thresholds_in_any_order() -> None:
    thresholds = [("yellow", 50.0), ("green", 95.0), ("blue", 75.0)]
    assert model.colour(96, thresholds) == "green"
    assert model.colour(94, thresholds) == "blue"
    assert model.colour(50, thresholds) == "yellow"
    assert model.colour(49, thresholds) == "red"


def test_ranking_shares_places_and_skips_unrated() -> None:
    ranks = model.rank({"a": 90.0, "b": 95.0, "c": 90.0, "d": 70.0, "e": None})
    assert ranks == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_bigrams_index_and_query() -> None:
    assert index_tokens("物业管理 WiFi") == [
        "物", "业", "管", "理", "物业", "业管", "管理", "wifi",
    ]  # fmt: skip
    assert query_tokens("物业管理") == ["物业", "业管", "管理"]
    assert query_tokens("路") == ["路"]
    assert fts_match("停车 难") == '"停车" AND "难"'
    assert fts_match("!!") is None


def test_survey_answers_need_every_dimension_once() -> None:
    full = dict.fromkeys(DEFAULT_DIMENSIONS, 4)
    assert check_scores(full, DEFAULT_DIMENSIONS) == []
    assert len(DEFAULT_DIMENSIONS) == 7
    wrong = {**full, "办理质量": 6, "其他": 3}
    del wrong["工作作风"]
    problems = check_scores(wrong, DEFAULT_DIMENSIONS)
    assert any("missing dimension 工作作风" in p for p in problems)
    assert any("unknown dimension 其他" in p for p in problems)
    assert any("办理质量" in p for p in problems)
