"""What routing's routes share, built once in ``main.build_parts``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from services.routing.application.rulestore import RuleStore
from shared.clock import Today
from shared.refdata import ReferenceData


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    refdata: ReferenceData
    store: RuleStore
    today: Today
    due_soon_days: int = 3
