"""What the routes share, built once by ``main.build_parts``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from fastapi import HTTPException
from sqlalchemy import Engine

from services.feedback.refs import Refs
from services.feedback.report import ModelConfig
from services.feedback.revisits import NotFound, Refused
from shared.runtime.topics import Topics

Today = Callable[[], date]


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    refs: Refs
    topics: Topics
    model: ModelConfig
    dimensions: Sequence[str]
    today: Today


def period(ctx: ApiContext, start: date | None, end: date | None) -> tuple[date, date]:
    """Default: the current year to date."""
    today = ctx.today()
    start = start or date(today.year, 1, 1)
    end = end or today
    if end < start:
        raise HTTPException(422, detail="'to' is before 'from'")
    return start, end


# What a route that can be refused in the current state declares (``fail``'s 409).
REFUSED: dict[int | str, dict[str, Any]] = {409: {"description": "refused in the current state"}}


def fail(exc: Exception) -> NoReturn:
    """Domain errors as problem responses: unknown 404, refused 409, invalid 422."""
    if isinstance(exc, NotFound):
        raise HTTPException(404, detail=f"not found: {exc}") from None
    if isinstance(exc, Refused):
        raise HTTPException(409, detail=str(exc)) from None
    raise HTTPException(422, detail=str(exc)) from None
