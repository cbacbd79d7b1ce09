"""Grades and their measures, swing alerts, guidance letters and category-surge warnings,
over a real database fed a hand-made log (what a city leader would check by hand)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from services.index.application.assessment import Assessor
from services.index.application.events import INDEX_ACTOR
from services.index.application.measures import complete_measure
from services.index.application.modelfile import load_model
from services.index.domain.model import Model
from services.index.domain.periods import make_period
from services.index.main import MIGRATIONS
from services.index.projections.facts import Facts
from services.index.tables import letters, measures
from shared.consumer import ProjectionRunner
from shared.eventstore import EventStore, make_engine
from shared.eventstore.migrate import migrate
from shared.eventstore.tables import outbox
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.catalog import decode_event
from shared.schemas.petition import Channel
from tests.support.index import Log

TOPICS = Topics()
TOWN = "320812001"
QUIET_TOWN = "320812002"
MARCH = make_period("month", date(2025, 3, 1))
TODAY = date(2025, 4, 2)


@pytest.fixture(scope="module")
def refs() -> ReferenceData:
    return load_refdata()


@pytest.fixture
def index_db(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "index")
    yield engine
    engine.dispose()


def feed(engine: Engine, refs: ReferenceData, log: Log) -> None:
    runner = ProjectionRunner(Facts(refs, TOPICS), engine, service="index", dead_letter_topic="d")
    runner.process_batch(log.messages())


def assessor(engine: Engine, refs: ReferenceData, model: Model | None = None) -> Assessor:
    return Assessor(EventStore(engine, TOPICS.index_events), refs, model or load_model())


def published(engine: Engine, event_type: str) -> list[Any]:
    with engine.connect() as conn:
        rows = conn.execute(select(outbox.c.value).where(outbox.c.topic == TOPICS.index_events))
        events = [decode_event(r[0]) for r in rows]
    return [e.payload for e in events if e.event_type == event_type]


def weak_log() -> Log:
    log = Log()
    for i in range(4):
        pid = f"w{i}"
        log.registered(pid, date(2025, 3, 1 + i), TOWN).accepted(pid, date(2025, 3, 2), 5)
        log.replied(pid, date(2025, 3, 20))
    return log


def test_grade_one_brings_its_four_measures_once(index_db: Engine, refs: ReferenceData) -> None:
    feed(index_db, refs, weak_log())
    severe = load_model().model_copy(update={"grade_thresholds": (101.0, 102.0, 103.0)})
    result = assessor(index_db, refs, severe).assess(MARCH, TODAY)
    assert result["graded"][TOWN] == 1
    mine = [m for m in published(index_db, "index.measure_issued") if m.subject == TOWN]
    assert [m.kind for m in mine] == ["report", "bulletin", "inspection_group", "rectification"]
    assert mine[0].addressee == "city_main_leaders"
    assert mine[3].due_on == date(2025, 7, 2)  # rectification within 3 months
    # Assessing the same period again grades nothing and issues nothing new.
    again = assessor(index_db, refs, severe).assess(MARCH, TODAY)
    assert again["graded"] == {}
    assert len([m for m in published(index_db, "index.measure_issued") if m.subject == TOWN]) == 4


@pytest.mark.parametrize(
    ("thresholds", "grade", "kinds", "due"),
    [
        ((0.0, 101.0, 102.0), 2, ["report", "notice", "rectification"], date(2025, 6, 2)),
        ((0.0, 0.1, 101.0), 3, ["notice"], None),
    ],
)
def test_grades_two_and_three(
    index_db: Engine,
    refs: ReferenceData,
    thresholds: tuple[float, float, float],
    grade: int,
    kinds: list[str],
    due: date | None,
) -> None:
    feed(index_db, refs, weak_log())
    model = load_model().model_copy(update={"grade_thresholds": thresholds})
    assert assessor(index_db, refs, model).assess(MARCH, TODAY)["graded"][TOWN] == grade
    mine = [m for m in published(index_db, "index.measure_issued") if m.subject == TOWN]
    assert [m.kind for m in mine] == kinds
    assert mine[-1].due_on == due


def test_grade_four_alerts_on_a_swing_and_measures_complete(
    index_db: Engine, refs: ReferenceData
) -> None:
    feed(index_db, refs, weak_log())  # February empty (100), March weak: a big swing
    model = load_model().model_copy(update={"grade_thresholds": (0.0, 0.1, 0.2)})
    store = EventStore(index_db, TOPICS.index_events)
    Assessor(store, refs, model).assess(MARCH, TODAY)
    alerts = {a.subject: a for a in published(index_db, "index.swing_alert")}
    assert TOWN in alerts and alerts[TOWN].swing < -model.swing_alert
    assert QUIET_TOWN not in alerts  # 100 before, 100 now
    kinds = [m.kind for m in published(index_db, "index.measure_issued") if m.subject == TOWN]
    assert kinds == ["routine", "weekly_comparison"]
    measure_id = next(
        m.measure_id for m in published(index_db, "index.measure_issued") if m.subject == TOWN
    )
    assert complete_measure(store, measure_id, TODAY, "done", INDEX_ACTOR)
    assert not complete_measure(store, "no-such-measure", TODAY, "", INDEX_ACTOR)
    assert [c.measure_id for c in published(index_db, "index.measure_completed")] == [measure_id]
    with index_db.connect() as conn:
        q = select(measures.c.completed_on).where(measures.c.measure_id == measure_id)
        assert conn.execute(q).scalar_one() is not None


def test_letter_names_the_weak_points_and_is_numbered(
    index_db: Engine, refs: ReferenceData
) -> None:
    log = weak_log()
    log.registered("o1", date(2025, 3, 3), QUIET_TOWN, channel=Channel.ONLINE)
    feed(index_db, refs, log)
    result = assessor(index_db, refs).assess(MARCH, TODAY)
    issued = published(index_db, "index.guidance_letter_issued")
    by_region = {letter.region_code: letter for letter in issued}
    codes = {p.code for p in by_region[TOWN].weak_points}
    # No online petitions, every petition 漏排, none replied on time.
    assert {"online_ratio_low", "dispute_miss_high", "on_time_low"} <= codes
    assert "resolution_low" not in codes  # no disputes found: nothing to resolve
    remedy = next(p.remedy for p in by_region[TOWN].weak_points if p.code == "online_ratio_low")
    assert "网上信访" in remedy
    numbers = sorted(letter.number for letter in issued)
    assert numbers == list(range(1, len(issued) + 1))
    assert all(letter.year == 2025 for letter in issued)
    assert set(result["letters"]) == {letter.letter_id for letter in issued}
    # A county with no petitions at all gets no letter.
    assert "320803" not in by_region
    assert assessor(index_db, refs).assess(MARCH, TODAY)["letters"] == []
    with index_db.connect() as conn:
        stored = sorted(conn.execute(select(letters.c.number)).scalars().all())
    assert stored == numbers


def test_rising_repeat_rate_is_a_weak_point(index_db: Engine, refs: ReferenceData) -> None:
    log = Log()
    for i in range(10):
        log.registered(f"f{i}", date(2025, 2, 1 + i), TOWN, channel=Channel.ONLINE)
    for i in range(10):
        log.registered(
            f"m{i}",
            date(2025, 3, 1 + i),
            TOWN,
            channel=Channel.ONLINE,
            repeat_of=f"f{i}" if i < 3 else None,
        )
    feed(index_db, refs, log)
    assessor(index_db, refs).assess(MARCH, TODAY)
    letter = next(
        x for x in published(index_db, "index.guidance_letter_issued") if x.region_code == TOWN
    )
    assert "repeat_rising" in {p.code for p in letter.weak_points}
    assert "online_ratio_low" not in {p.code for p in letter.weak_points}


def surge_log(log: Log, start: int, n: int, category: str | None) -> None:
    """n petitions in TOWN; category None spreads them over other majors (02..18)."""
    for i in range(n):
        cat = category or f"{2 + (start + i) % 17:02d}01"
        log.registered(f"s{start + i}", date(2025, 3, 1) + timedelta(days=i % 15), TOWN, cat)


def _major_01(changes: list[Any]) -> list[str]:
    return [type(c).__name__ for c in changes if c.region_code == TOWN and c.category_code == "01"]


def test_surge_raised_once_per_crossing_with_hysteresis(
    index_db: Engine, refs: ReferenceData
) -> None:
    as_of = date(2025, 3, 20)
    a = assessor(index_db, refs)
    log = Log()
    surge_log(log, 0, 4, "0101")
    surge_log(log, 4, 26, None)
    feed(index_db, refs, log)
    first = a.check_surges(as_of)
    assert _major_01(first) == ["SurgeWarningRaised"]  # 4/30 = 13% > 10%
    raised = next(c for c in first if c.region_code == TOWN and c.category_code == "01")
    assert (raised.count, raised.total, raised.threshold) == (4, 30, 0.10)
    assert "专项" in raised.suggested_action
    assert _major_01(a.check_surges(as_of)) == []  # still above: not raised again
    log2 = Log()
    surge_log(log2, 30, 12, None)  # 4/42 = 9.5%: under 10% but inside the 1% band
    feed(index_db, refs, log2)
    assert _major_01(a.check_surges(as_of)) == []
    log3 = Log()
    surge_log(log3, 42, 8, None)  # 4/50 = 8%: cleared
    feed(index_db, refs, log3)
    assert _major_01(a.check_surges(as_of)) == ["SurgeWarningCleared"]
    log4 = Log()
    surge_log(log4, 50, 4, "0102")  # 8/54 = 14.8%: a new crossing
    feed(index_db, refs, log4)
    assert _major_01(a.check_surges(as_of)) == ["SurgeWarningRaised"]
    assert (
        len(
            [
                e
                for e in published(index_db, "index.surge_raised")
                if e.region_code == TOWN and e.category_code == "01"
            ]
        )
        == 2
    )


def test_surge_threshold_per_region(index_db: Engine, refs: ReferenceData) -> None:
    log = Log()
    surge_log(log, 0, 4, "0101")
    surge_log(log, 4, 26, None)
    feed(index_db, refs, log)
    base = load_model()
    rules = base.surges.model_copy(
        update={"regions": {TOWN: base.surges.model_copy(update={"major_share": 0.2})}}
    )
    model = base.model_copy(update={"surges": rules})
    changes = assessor(index_db, refs, model).check_surges(date(2025, 3, 20))
    assert _major_01(changes) == []
    # The county above it keeps the city-wide 10%.
    assert any(c.region_code == "320812" and c.category_code == "01" for c in changes)
