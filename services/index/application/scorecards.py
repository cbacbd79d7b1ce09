"""Scorecards: each factor's value, score and contribution, the total, the grade, the trend
against the previous period; computed from the facts and stored for fast reads."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, Engine, select

from services.index.application.sums import Totals, department_sums, region_sums, staff_scores
from services.index.application.upsert import replace
from services.index.domain import report
from services.index.domain.access import ensure_may_read
from services.index.domain.errors import Unknown
from services.index.domain.model import Model
from services.index.domain.orgs import regions_within, subject_name
from services.index.domain.periods import Period, PeriodQuery
from services.index.domain.scoring import evaluate
from services.index.tables import scorecards
from shared.auth.roles import Principal
from shared.refdata import ReferenceData

SubjectKind = Literal["region", "department"]


class Scorer:
    def __init__(self, engine: Engine, data: ReferenceData, model: Model) -> None:
        self.engine = engine
        self.data = data
        self.model = model

    def regions(self, period: Period, root: str | None = None) -> dict[str, dict[str, Any]]:
        """Compute and store the scorecard of every region (or of ``root``'s subtree)."""
        with self.engine.begin() as conn:
            now = region_sums(conn, self.data.org_tree, period.start, period.end, root)
            before_p = period.previous()
            before = region_sums(conn, self.data.org_tree, before_p.start, before_p.end, root)
            staff = staff_scores(conn, period.end)
            staff_before = staff_scores(conn, before_p.end)
            codes = regions_within(self.data.org_tree, root) if root else list(self.data.regions)
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
                for code in self.data.departments
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
            "name": subject_name(self.data, kind, code),
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


def read_scorecard(
    scorer: Scorer,
    principal: Principal,
    kind: SubjectKind,
    subject: str,
    asked: PeriodQuery,
    today: Callable[[], date],
    fresh: bool = False,
) -> dict[str, Any]:
    """A region's or department's scorecard, the stored one unless ``fresh``."""
    data = scorer.data
    if subject not in data.regions and subject not in data.departments:
        raise Unknown(f"no {kind} {subject!r}")
    ensure_may_read(principal, subject, data.org_tree)
    return scorer.get(kind, subject, asked.resolve(today), fresh=fresh)


def health_check(
    scorer: Scorer,
    principal: Principal,
    region: str,
    asked: PeriodQuery,
    today: Callable[[], date],
) -> dict[str, Any]:
    """The health-check report (体检表) of a region: its card and its sub-regions'."""
    tree = scorer.data.org_tree
    if not tree.is_region(region):
        raise Unknown(f"no region {region!r}")
    ensure_may_read(principal, region, tree)
    cards = scorer.regions(asked.resolve(today), root=region)
    children = [cards[c] for c in tree.children.get(region, ())]
    return report.build(cards[region], children)
