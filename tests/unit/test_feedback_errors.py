"""Feedback's refusals keep the problem bodies its routes always gave (status, title, detail)."""

from __future__ import annotations

import pytest

from services.feedback.domain.errors import Invalid, Missing, Refused
from shared.errors import DomainError


@pytest.mark.parametrize(
    ("error", "status", "title", "detail"),
    [
        (Missing("r1"), 404, "Not Found", "not found: r1"),
        (Missing("survey"), 404, "Not Found", "not found: survey"),
        (Refused("the campaign is closed"), 409, "Conflict", "the campaign is closed"),
        (Invalid("'to' is before 'from'"), 422, "Unprocessable Entity", "'to' is before 'from'"),
    ],
)
def test_problem_members(error: DomainError, status: int, title: str, detail: str) -> None:
    assert (error.status, error.title, error.detail, error.field_path) == (
        status,
        title,
        detail,
        None,
    )
