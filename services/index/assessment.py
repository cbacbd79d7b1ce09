"""The index's decisions over a period: grade each region, issue the measures its grade calls
for, alert on a large swing, send guidance letters; check category surges over the window.

Each is idempotent (a region graded for a period is not graded again; a surge is raised once
per crossing), so a scheduler catching up after downtime, or an operator re-running it, does
no harm. The events and the command tables commit in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from services.index import letters
from services.index.events import append
from services.index.measures import measures_for, swing_alert
from services.index.model import Model
from services.index.periods import Period
from services.index.refs import Refs
from services.index.scorecards import Scorer
from services.index.surges import active_surges, evaluate, window_counts
from services.index.tables import grades, measures, surges
from services.index.upsert import replace
from shared.eventstore import EventStore, UnitOfWork
from shared.schemas import Actor
from shared.schemas.index import (
    GradeAssigned,
    MeasureCompleted,
    MeasureIssued,
    SurgeWarningRaised,
)

GRADED_LEVELS = ("county", "township")


class Assessor:
    def __init__(self, store: EventStore, refs: Refs, model: Model) -> None:
        self.store = store
        self.refs = refs
        self.model = model
        self.scorer = Scorer(store.engine, refs, model)

    def assess(self, period: Period, today: date) -> dict[str, Any]:
        cards = self.scorer.regions(period)
        graded: dict[str, int] = {}
        letters_sent: list[str] = []
        with self.store.unit_of_work() as uow:
            done = _graded(uow.connection, period)
            for code, card in sorted(cards.items()):
                if self.refs.region_level(code) not in GRADED_LEVELS or code in done:
                    continue
                if not _has_data(card):
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
        points = letters.weak_points(self.model.letters, card)
        if not points or letters.already_issued(uow.connection, code, period):
            return None
        letter = letters.issue(uow.connection, code, period, points, today)
        append(uow, f"letter-{letter.letter_id}", [letter])
        return letter.letter_id

    def check_surges(self, as_of: date, root: str | None = None) -> list[Any]:
        """Every region's surges, or those of ``root``'s subtree (a county's own check)."""
        rules = self.model.surges
        codes = self.refs.subtree(root) if root else self.refs.data.regions
        with self.store.unit_of_work() as uow:
            conn = uow.connection
            active = active_surges(conn)
            by_window: dict[int, list[str]] = {}
            for region in sorted(codes):
                by_window.setdefault(rules.for_region(region).window_days, []).append(region)
            changes: list[Any] = []
            for days, regions in sorted(by_window.items()):
                window = window_counts(conn, self.refs, as_of, days)
                changes.extend(evaluate(rules, self.refs, window, active, regions))
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


def _has_data(card: dict[str, Any]) -> bool:
    """A fact in the period or a staff score: without either, a region's card is only its
    zero counts, and the model grades that 4."""
    staff = (f for f in card["factors"] if f["type"] == "qualitative")
    return any(card["counts"].values()) or any(f["score"] is not None for f in staff)


def _measure_row(m: MeasureIssued) -> dict[str, Any]:
    row = m.model_dump(exclude={"type"})
    row["completed_on"] = None
    return row


def complete_measure(store: EventStore, measure_id: str, on: date, note: str, actor: Actor) -> bool:
    with store.unit_of_work() as uow:
        conn = uow.connection
        q = select(measures.c.subject).where(measures.c.measure_id == measure_id)
        if conn.execute(q).first() is None:
            return False
        append(
            uow,
            f"measure-{measure_id}",
            [MeasureCompleted(measure_id=measure_id, completed_on=on, note=note)],
            actor,
        )
        conn.execute(
            update(measures).where(measures.c.measure_id == measure_id).values(completed_on=on)
        )
    return True
