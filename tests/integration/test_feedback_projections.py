"""Feedback's read models over a real database (SQLite, and PostgreSQL when configured), fed
a hand-made log: the satisfaction arithmetic by department, region (rolled up), category and
month; the suggestion database's Chinese full-text search; rebuild equals live."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from services.feedback.application.satisfaction_reads import overall, tallies
from services.feedback.application.suggestion_reads import SuggestionFilter, search
from services.feedback.main import MIGRATIONS
from services.feedback.projections.satisfaction import Satisfaction
from services.feedback.projections.suggestions import Suggestions
from services.feedback.tables import ratings, sat_cases, suggestions
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.petition import Channel
from shared.schemas.petition import Rating as R
from tests.support.feedback import DAY0, Stream, handled, message, suggestion

TOPICS = Topics()
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="module")
def refs() -> ReferenceData:
    return load_refdata()


@pytest.fixture
def db(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "feedback")
    yield engine
    engine.dispose()


def runner(engine: Engine, projection: Any) -> ProjectionRunner:
    return ProjectionRunner(projection, engine, service="feedback", dead_letter_topic="dl")


def log() -> list[EventEnvelope]:
    """Six rated petitions in three regions and two months, one not rated."""
    april = DAY0 + timedelta(days=31)
    events = [
        *handled("p1", R.VERY_SATISFIED, R.SATISFIED, region="320812001001"),  # a village
        *handled("p2", R.SATISFIED, R.NOT_QUITE, region="320812"),
        *handled("p3", R.DISSATISFIED, R.DISSATISFIED, region="320812002"),
        *handled("p4", R.NOT_QUITE, R.SATISFIED, department="320803-ZJJ", region="320803"),
        *handled("p5", R.VERY_SATISFIED, department="320803-ZJJ", region="320803", on=april),
        *handled("p6", R.SATISFIED, category="0201", department="320812-RSJ", on=april),
        *handled("p7", R.SATISFIED)[:4],  # replied, never rated
    ]
    # Interleave the streams as a partition would carry them, each in its own order.
    return sorted(events, key=lambda e: (e.occurred_at, e.stream_id))


def test_satisfaction_arithmetic(db: Engine, refs: ReferenceData) -> None:
    r = runner(db, Satisfaction(TOPICS))
    for e in log():
        r.process_batch([message(e)])
    with db.connect() as conn:
        depts = tallies(conn, "department", *YEAR, refs)
        regions = tallies(conn, "region", *YEAR, refs)
        majors = tallies(conn, "major", *YEAR, refs)
        months = tallies(conn, "month", *YEAR, refs)
        total = overall(conn, *YEAR)
    assert total.unit.total == 6
    assert total.unit.rate == 4 / 6  # p1, p2, p5, p6
    assert total.result.rate == 4 / 6  # p1, p4, p5, p6
    zjj = depts["320812-ZJJ"]  # p1 p2 p3
    assert (zjj.unit.satisfied, zjj.unit.total) == (2, 3)
    assert (zjj.result.satisfied, zjj.result.total) == (1, 3)
    assert depts["320803-ZJJ"].unit.rate == 0.5 and depts["320803-ZJJ"].result.rate == 1.0
    # Roll-up: 清江浦区 holds its own p2 and p6, the village's p1 and the township's p3.
    assert regions["320812"].unit.total == 4
    assert regions["320812001"].unit.total == 1  # the village's township
    assert regions["320800"].unit.total == 6  # the city: everything
    assert regions["320803"].unit.rate == 0.5
    assert majors["01"].unit.total == 5 and majors["02"].unit.rate == 1.0
    assert {k: v.unit.total for k, v in months.items()} == {"2025-03": 4, "2025-04": 2}
    with db.connect() as conn:
        march_only = tallies(conn, "region", DAY0, DAY0 + timedelta(days=28), refs)
    assert march_only["320800"].unit.total == 4


def test_rating_goes_to_the_unit_that_handled_it(db: Engine, refs: ReferenceData) -> None:
    s = Stream("self")  # never assigned: the receiving office handled it itself
    events = handled("x", R.SATISFIED)
    own = [s.event(events[0].payload), s.event(events[2].payload), s.event(events[4].payload)]
    runner(db, Satisfaction(TOPICS)).process_batch([message(e) for e in own])
    with db.connect() as conn:
        assert set(tallies(conn, "department", *YEAR, refs)) == {"320812-XFJ"}


def suggestions_log() -> list[EventEnvelope]:
    items = [
        ("s1", "改善老旧小区物业管理的建议", "引入专业物业公司。", Channel.ONLINE, "c-2025"),
        ("s2", "增加公交线路", "建议开通通往工业园区的公交。", Channel.WECHAT, "c-2025"),
        ("s3", "停车难问题", "小区周边停车位不足，建议建设立体停车场。", Channel.PHONE, None),
        ("s4", "WiFi 覆盖", "公园增加免费WiFi。", Channel.SMS, None),
    ]
    return [
        Stream(pid).event(
            suggestion(title, body, channel=ch, campaign_id=camp, tracking_code=f"HA-{pid}")
        )
        for pid, title, body, ch, camp in items
    ] + handled("claim", R.SATISFIED)  # not a suggestion: not in the database


def found(db: Engine, **kwargs: Any) -> list[str]:
    with db.connect() as conn:
        return sorted(r["petition_id"] for r in search(conn, SuggestionFilter(**kwargs), 50, 0))


def test_suggestion_search_in_chinese(db: Engine) -> None:
    runner(db, Suggestions(TOPICS)).process_batch([message(e) for e in suggestions_log()])
    assert found(db) == ["s1", "s2", "s3", "s4"]
    assert found(db, q="物业管理") == ["s1"]
    assert found(db, q="停车") == ["s3"]
    assert found(db, q="小区") == ["s1", "s3"]
    assert found(db, q="小区 停车") == ["s3"]
    assert found(db, q="wifi") == ["s4"]
    assert found(db, q="地铁") == []
    assert found(db, campaign_id="c-2025") == ["s1", "s2"]
    assert found(db, channel="wechat") == ["s2"]
    assert found(db, q="建议", campaign_id="c-2025", channel="online") == ["s1"]
    assert found(db, state="new") == ["s1", "s2", "s3", "s4"]


def rows(db: Engine) -> list[list[tuple[Any, ...]]]:
    with db.connect() as conn:
        return [
            [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in (sat_cases, ratings, suggestions)
        ]


def test_rebuild_equals_live(db: Engine) -> None:
    events = log() + suggestions_log()
    live = [runner(db, Satisfaction(TOPICS)), runner(db, Suggestions(TOPICS))]
    for e in events:  # live: one message at a time, with redeliveries thrown in
        for r in live:
            r.process_batch([message(e)])
    for r in live:
        r.process_batch([message(events[4]), message(events[-1])])
    before = rows(db)
    assert before[1] and before[2]
    for r in live:
        r.reset()
    assert rows(db) == [[], [], []]
    assert found(db, q="停车") == []
    for r in live:  # rebuild: big batches
        r.process_batch([message(e) for e in events])
    assert rows(db) == before
    assert found(db, q="停车") == ["s3"]


def test_combined_read_models_equal_the_parts(db: Engine) -> None:
    from services.feedback.projections.readmodels import ReadModels

    events = log() + suggestions_log()
    for r in (runner(db, Satisfaction(TOPICS)), runner(db, Suggestions(TOPICS))):
        r.process_batch([message(e) for e in events])
    separately = rows(db)
    combined = runner(db, ReadModels(TOPICS))
    combined.reset()
    result = combined.process_batch([message(e) for e in events])
    assert result.processed == len(events) and result.dead_lettered == 0  # skips are tracked
    assert rows(db) == separately
