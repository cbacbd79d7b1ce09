"""The index's decisions over a period: grade each region, issue the measures its grade calls
for, alert on a large swing, send guidance letters; check category surges over the window.

Each is idempotent (a region graded for a period is not graded again; a surge is raised once
per crossing), so a scheduler catching up after downtime, or an operator re-running it, does
no harm. The events and the command tables commit in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select

from services.index.application import letters
from services.index.application.events import append
from services.index.application.scorecards import Scorer
from services.index.application.surges import active_surges, window_counts
from services.index.application.upsert import replace
from services.index.domain.access import ensure_may_act
from services.index.domain.grading import GRADED_LEVELS, has_data
from services.index.domain.letters import weak_points
from services.index.domain.measures import measures_for, swing_alert
from services.index.domain.model import Model
from services.index.domain.orgs import region_level, regions_within
from services.index.domain.periods import Period, PeriodQuery
from services.index.domain.surges import evaluate
from services.index.tables import grades, measures, surges
from shared.auth.roles import Principal
from shared.eventstore import EventStore, UnitOfWork
from shared.refdata import ReferenceData
from shared.schemas.index import GradeAssigned, MeasureIssued, SurgeWarningRaised


class Assessor:
    def __init__(self, store: EventStore, data: ReferenceData, model: Model) -> None:
        self.store = store
        self.data = data
        self.model = model
        self.scorer = Scorer(store.engine, data, model)

    def assess(self, period: Period, today: date) -> dict[str, Any]:
        cards = self.scorer.regions(period)
        graded: dict[str, int] = {}
        letters_sent: list[str] = []
        with self.store.unit_of_work() as uow:
            done = _graded(uow.connection, period)
            for code, card in sorted(cards.items()):
                if region_level(self.data, code) not in GRADED_LEVELS or code in done:
                    continue
                if not has_data(card):
                    # Nothing to judge yet (the scheduler's first tick after a start, before
                    # the month's facts arrive): a grade now would be a 4 with its measures,
                    # and would stand for good, since a region is graded once a period.
                    continue
                graded[code] = card["grade"]
                self._grade(uow, code, card, period, today)
                letter = self._letter(uow, code, card, period, today)
                if letter:
                    letters_sent.append(letter)
        return {
            "period": period.as_dict(),
            "graded": graded,
            "already_graded": done,
            "letters": letters_sent,
        }

    def _grade(
        self, uow: UnitOfWork, code: str, card: dict[str, Any], period: Period, today: date
    ) -> None:
        total, grade = card["total"], card["grade"]
        previous = card["trend"]["previous_total"]
        events: list[Any] = [
            GradeAssigned(
                subject=code,
                period_start=period.start,
                period_end=period.end,
                total=total,
                grade=grade,
                previous_total=previous,
                model_version=self.model.version,
            )
        ]
        issued = measures_for(self.model, code, grade, period, today)
        events.extend(issued)
        alert = swing_alert(self.model, code, grade, period, total, previous)
        if alert is not None:
            events.append(alert)
        append(uow, f"grade-{code}-{period.start}-{period.end}", events)
        conn = uow.connection
        conn.execute(
            insert(grades).values(
                subject=code,
                period_start=period.start,
                period_end=period.end,
                total=total,
                grade=grade,
                previous_total=previous,
            )
        )
        if issued:
            conn.execute(insert(measures), [_measure_row(m) for m in issued])

    def _letter(
        self, uow: UnitOfWork, code: str, card: dict[str, Any], period: Period, today: date
    ) -> str | None:
        points = weak_points(self.model.letters, card)
        if not points or letters.already_issued(uow.connection, code, period):
            return None
        letter = letters.issue(uow.connection, code, period, points, today)
        append(uow, f"letter-{letter.letter_id}", [letter])
        return letter.letter_id

    def check_surges(self, as_of: date, root: str | None = None) -> list[Any]:
        """Every region's surges, or those of ``root``'s subtree (a county's own check)."""
        rules = self.model.surges
        codes = regions_within(self.data.org_tree, root) if root else self.data.regions
        with self.store.unit_of_work() as uow:
            conn = uow.connection
            active = active_surges(conn)
            by_window: dict[int, list[str]] = {}
            for region in sorted(codes):
                by_window.setdefault(rules.for_region(region).window_days, []).append(region)
            changes: list[Any] = []
            for days, regions in sorted(by_window.items()):
                window = window_counts(conn, self.data.org_tree, as_of, days)
                changes.extend(evaluate(rules, self.data.category_name, window, active, regions))
            for change in changes:
                append(uow, f"surge-{change.region_code}-{change.category_code}", [change])
                replace(
                    conn,
                    surges,
                    [
                        {
                            "region_code": change.region_code,
                            "category_code": change.category_code,
                            "active": isinstance(change, SurgeWarningRaised),
                            "share": change.share,
                            "changed_on": as_of,
                        }
                    ],
                )
        return changes


def _graded(conn: Connection, period: Period) -> dict[str, int]:
    """The regions graded for ``period`` before, with their grades."""
    q = select(grades.c.subject, grades.c.grade).where(
        grades.c.period_start == period.start, grades.c.period_end == period.end
    )
    return {subject: int(grade) for subject, grade in conn.execute(q)}


def _measure_row(m: MeasureIssued) -> dict[str, Any]:
    row = m.model_dump(exclude={"type"})
    row["completed_on"] = None
    return row


def assess(
    assessor: Assessor, principal: Principal, asked: PeriodQuery, today: Callable[[], date]
) -> dict[str, Any]:
    """The city's petition office grades every region (an admin too)."""
    ensure_may_act(principal, assessor.data.city_code, assessor.data.org_tree)
    return assessor.assess(asked.resolve(today), today())


def check_surges(
    assessor: Assessor,
    principal: Principal,
    as_of: date | None,
    region: str | None,
    today: Callable[[], date],
) -> dict[str, Any]:
    """A county's office checks its own county (default: the office's own region)."""
    tree = assessor.data.org_tree
    root = region or tree.home_region(principal.org)
    ensure_may_act(principal, root, tree)
    changes = assessor.check_surges(as_of or today(), root=root)
    return {"region": root, "changes": [c.model_dump(mode="json") for c in changes]}
