"""The survey's rules: every dimension once, scores 1..5, both targets checked at once."""

from __future__ import annotations

import pytest

from services.feedback.domain.errors import Invalid
from services.feedback.domain.survey import check_answers, check_scores, token_hash

DIMS = ("作风", "质量")
FULL = {"作风": 5, "质量": 1}


@pytest.mark.parametrize(
    ("scores", "problems"),
    [
        (FULL, []),
        ({"作风": 3}, ["missing dimension 质量"]),
        ({**FULL, "别的": 3}, ["unknown dimension 别的"]),
        ({"作风": 0, "质量": 6}, ["作风: score must be 1..5", "质量: score must be 1..5"]),
        ({}, ["missing dimension 作风", "missing dimension 质量"]),
    ],
)
def test_check_scores(scores: dict[str, int], problems: list[str]) -> None:
    assert check_scores(scores, DIMS) == problems


@pytest.mark.parametrize(
    ("office", "unit", "detail"),
    [
        (FULL, FULL, None),
        ({"作风": 3}, FULL, "office: missing dimension 质量"),
        (FULL, {**FULL, "质量": 9}, "unit: 质量: score must be 1..5"),
        ({}, {"作风": 2}, "office: missing dimension 作风; office: missing dimension 质量; "
         "unit: missing dimension 质量"),
    ],
)  # fmt: skip
def test_check_answers(office: dict[str, int], unit: dict[str, int], detail: str | None) -> None:
    if detail is None:
        check_answers(office, unit, DIMS)
        return
    with pytest.raises(Invalid) as refused:
        check_answers(office, unit, DIMS)
    assert (refused.value.status, refused.value.detail) == (422, detail)
    assert refused.value.title == "Unprocessable Entity"  # as feedback's 422s always said
    assert refused.value.field_path is None


@pytest.mark.parametrize("token", ["a" * 16, "tok-en_123456789", ""])
def test_token_hash_is_sha256_hex(token: str) -> None:
    digest = token_hash(token)
    assert len(digest) == 64 and digest == token_hash(token)
    assert digest != token_hash(token + "x")
