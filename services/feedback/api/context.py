"""What the routes share, built once by ``main.build_parts``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from services.feedback.application.report import ModelConfig
from shared.refdata import OrgTree, ReferenceData
from shared.runtime.topics import Topics

Today = Callable[[], date]


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    refdata: ReferenceData
    topics: Topics
    model: ModelConfig
    dimensions: Sequence[str]
    today: Today

    @property
    def tree(self) -> OrgTree:
        return self.refdata.org_tree
