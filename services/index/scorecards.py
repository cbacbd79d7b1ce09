"""Scorecards: each factor's value, score and contribution, the total, the grade, the trend
against the previous period; computed from the facts and stored for fast reads."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any, Literal

from sqlalchemy import Connection, Engine, select

from services.index.model import Model
from services.index.periods import Period
from services.index.refs import Refs
from services.index.scoring import evaluate
from services.index.sums import Totals, department_sums, region_sums, staff_scores
from services.index.tables import scorecards
from services.index.upsert import replace

SubjectKind = Literal["region", "department"]


class Scorer:
    def __init__(self, engine: Engine, refs: Refs, model: Model) -> None:
        self.engine = engine
        self.refs = refs
        self.model = model

    def regions(self, period: Period, root: str | None = None) -> dict[str, dict[str, Any]]:
        """Compute and store the scorecard of every region (or of ``root``'s subtree)."""
        with self.engine.begin() as conn:
            now = region_sums(conn, self.refs, period.start, period.end, root)
            before_p = period.previous()
            before = region_sums(conn, self.refs, before_p.start, before_p.end, root)
            staff = staff_scores(conn, period.end)
            staff_before = staff_scores(conn, before_p.end)
            codes = self.refs.subtree(root) if root else list(self.refs.data.regions)
            cards = {
                code: self._card(
                    "region",
                    code,
                    period,
                    now,
                    before,
                    staff.get(code, {}),
                    staff_before.get(code, {}),
                )
                for code in codes
            }
            self._store(conn, "region", period, cards)
        return cards

    def departments(self, period: Period) -> dict[str, dict[str, Any]]:
        with self.engine.begin() as conn:
            now = department_sums(conn, period.start, period.end)
            before_p = period.previous()
            before = department_sums(conn, before_p.start, before_p.end)
            cards = {
                code: self._card("department", code, period, now, before, {}, {})
                for code in self.refs.data.departments
            }
            self._store(conn, "department", period, cards)
        return cards

    def get(
        self, kind: SubjectKind, subject: str, period: Period, fresh: bool = False
    ) -> dict[str, Any]:
        if not fresh:
            with self.engine.connect() as conn:
                found = stored(conn, kind, subject, period, self.model.version)
            if found is not None:
                return found
        if kind == "region":
            return self.regions(period, root=subject)[subject]
        return self.departments(period)[subject]

    def _card(
        self,
        kind: SubjectKind,
        code: str,
        period: Period,
        now: Totals,
        before: Totals,
        staff: Mapping[str, float],
        staff_before: Mapping[str, float],
    ) -> dict[str, Any]:
        sums = now.get(code, Counter())
        card = evaluate(self.model, sums, staff)
        previous = evaluate(self.model, before.get(code, Counter()), staff_before)
        prev_period = period.previous()
        return {
            "subject_kind": kind,
            "subject": code,
            "name": self._name(kind, code),
            "period": period.as_dict(),
            "model_version": self.model.version,
            **card.as_dict(),
            "counts": dict(sorted(sums.items())),
            "trend": {
                "previous_period": prev_period.as_dict(),
                "previous_total": previous.total,
                "previous_grade": previous.grade,
                "change": round(card.total - previous.total, 2),
                "previous_metrics": previous.values,
            },
        }

    def _name(self, kind: SubjectKind, code: str) -> str:
        if kind == "region":
            return self.refs.region_name(code)
        dept = self.refs.data.departments.get(code)
        return dept.name_zh if dept else code

    def _store(
        self, conn: Connection, kind: SubjectKind, period: Period, cards: Mapping[str, Any]
    ) -> None:
        rows = [
            {
                "subject_kind": kind,
                "subject": code,
                "period_start": period.start,
                "period_end": period.end,
                "model_version": self.model.version,
                "total": card["total"],
                "grade": card["grade"],
                "body": json.dumps(card, ensure_ascii=False),
            }
            for code, card in cards.items()
        ]
        replace(conn, scorecards, rows)


def stored(
    conn: Connection, kind: str, subject: str, period: Period, version: str
) -> dict[str, Any] | None:
    q = select(scorecards.c.body).where(
        scorecards.c.subject_kind == kind,
        scorecards.c.subject == subject,
        scorecards.c.period_start == period.start,
        scorecards.c.period_end == period.end,
        scorecards.c.model_version == version,
    )
    body = conn.execute(q).scalar_one_or_none()
    if body is None:
        return None
    card: dict[str, Any] = json.loads(body)
    card["period"]["kind"] = period.kind
    return card
