"""What the routes share, built once by ``main.build_parts``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from services.feedback.application.report import ModelConfig
from shared.refdata import OrgTree, ReferenceData
from shared.runtime.topics import Topics
from shared.service.dating import TodayOf

Today = Callable[[], date]


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    refdata: ReferenceData
    topics: Topics
    model: ModelConfig
    dimensions: Sequence[str]
    today: Today
    # A person's write dated by the request (X-Sunshine-Today in a dated development run), as
    # intake dates it: intake checks a revisit's day against the petition's own days.
    request_today: TodayOf

    @property
    def tree(self) -> OrgTree:
        return self.refdata.org_tree
