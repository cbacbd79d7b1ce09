"""The petitioner's survey after a 不满意 rating: its dimensions, how its answers are checked,
and the token its link carries (only the token's hash is stored)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from services.feedback.domain.errors import Invalid

DEFAULT_DIMENSIONS = (
    "工作作风",
    "办理质量",
    "办理效率",
    "政策解释",
    "沟通联系",
    "公正廉洁",
    "结果落实",
)
# Whom the petitioner scores, as the survey page names them.
TARGETS = {"office": "信访部门", "unit": "承办单位"}
SCALE = {"min": 1, "max": 5}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_scores(scores: Mapping[str, int], dimensions: Sequence[str]) -> list[str]:
    """What is wrong with one target's answers (every dimension once, scores 1..5)."""
    problems = [f"missing dimension {d}" for d in dimensions if d not in scores]
    problems += [f"unknown dimension {d}" for d in scores if d not in dimensions]
    problems += [f"{d}: score must be 1..5" for d, s in scores.items() if not 1 <= s <= 5]
    return problems


def check_answers(
    office: Mapping[str, int], unit: Mapping[str, int], dimensions: Sequence[str]
) -> None:
    """Both targets' answers, or ``Invalid`` naming every problem."""
    problems = [
        f"{target}: {p}"
        for target, scores in (("office", office), ("unit", unit))
        for p in check_scores(scores, dimensions)
    ]
    if problems:
        raise Invalid("; ".join(problems))
