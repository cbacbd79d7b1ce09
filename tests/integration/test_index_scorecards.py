"""The index's facts and scorecards over a real database, fed a hand-made log: the
arithmetic a leader would check by hand, roll-up through the region tree, the trend, and a
rebuild that gives the same scorecards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, select

from services.index.application.modelfile import load_model
from services.index.application.scorecards import Scorer
from services.index.domain.periods import make_period
from services.index.main import MIGRATIONS
from services.index.projections.facts import Facts
from services.index.tables import facts
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.petition import Channel, Rating
from tests.support.index import Log

TOPICS = Topics()
TOWN = "320812001"  # 清江街道, in 清江浦区 (320812)
COUNTY = "320812"
OTHER = "320803001"
MARCH = make_period("month", date(2025, 3, 1))


@pytest.fixture(scope="module")
def refs() -> ReferenceData:
    return load_refdata()


@pytest.fixture
def index_db(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "index")
    yield engine
    engine.dispose()


def runner(engine: Engine, refs: ReferenceData) -> ProjectionRunner:
    return ProjectionRunner(Facts(refs, TOPICS), engine, service="index", dead_letter_topic="dl")


def march_log() -> Log:
    """Four petitions in 清江街道 in March 2025, one in another county."""
    d = lambda n: date(2025, 3, n)  # noqa: E731
    log = Log()
    # P1: online, handled on time, satisfied.
    log.registered("p1", d(1), TOWN, channel=Channel.ONLINE).assigned("p1", d(2))
    log.accepted("p1", d(3)).noticed("p1", d(4)).replied("p1", d(11)).rated("p1", d(12))
    # P2: replied late (reply due 10 days after acceptance), dissatisfied, then reviewed.
    log.registered("p2", d(2), TOWN).assigned("p2", d(3))
    log.accepted("p2", d(3), reply_days=10).noticed("p2", d(20)).replied("p2", d(22))
    log.rated("p2", d(23), Rating.DISSATISFIED).review("p2", d(24))
    # P3: a repeat of P1 and skip-level: P1 no longer counts as resolved at one go.
    log.registered("p3", d(5), TOWN, repeat_of="p1", skip_level=True)
    # P4: collective, 30 people, still open.
    log.registered("p4", d(6), TOWN, collective=True, headcount=30)
    # Another county.
    log.registered("q1", d(7), OTHER, channel=Channel.ONLINE)
    return log


def test_counts_and_rates_by_hand(index_db: Engine, refs: ReferenceData) -> None:
    runner(index_db, refs).process_batch(march_log().messages())
    cards = Scorer(index_db, refs, load_model()).regions(MARCH)
    town = cards[TOWN]
    c, m = town["counts"], town["metrics"]
    assert c["registered"] == 4 and c["online"] == 1 and c["repeat"] == 1
    assert c["skip_level"] == 1 and c["collective"] == 1 and c["collective_headcount"] == 30
    assert c["replied"] == 2 and c["replied_on_time"] == 1
    assert c["handling_days"] == (11 - 1) + (22 - 2)
    assert m["on_time_completion_rate"] == 0.5
    assert m["avg_handling_days"] == 15.0
    assert m["satisfaction_rate"] == 0.5 and m["dissatisfaction_rate"] == 0.5
    assert m["online_ratio"] == 0.25 and m["repeat_rate"] == 0.25
    # Both first petitions were replied; P1 came back as P3 and P2 was reviewed.
    assert c["first_replied"] == 2 and c["first_reopened"] == 2
    assert m["first_visit_resolution_rate"] == 0.0
    # Notices: P1 on time, P2 on day 20 (due 15 days after assignment on day 3 = day 18).
    assert m["notice_timeliness_rate"] == 0.5
    # No dispute on the register: every petition is 漏排.
    assert m["dispute_miss_rate"] == 1.0
    # The county and the city include the township; the other county does not.
    assert cards[COUNTY]["counts"]["registered"] == 4
    assert cards["320800"]["counts"]["registered"] == 5
    assert cards["320803"]["counts"]["registered"] == 1


def test_factor_arithmetic(index_db: Engine, refs: ReferenceData) -> None:
    runner(index_db, refs).process_batch(march_log().messages())
    card = Scorer(index_db, refs, load_model()).regions(MARCH)[TOWN]
    by_id = {f["id"]: f for f in card["factors"]}
    # 按期办结率 0.5, linear from 0.8 (0) to 1.0 (100): clamped at 0.
    assert by_id["on_time_completion"]["score"] == 0.0
    # 平均办理天数 15, lower better, best 20: 100.
    assert by_id["handling_days"]["score"] == 100.0
    # 网上占比 0.25 against a target of 0.4: 62.5.
    assert by_id["online_ratio"]["score"] == 62.5
    # No staff scores and no disputes found: those factors are left out, weights rescaled.
    assert by_id["leadership"]["score"] is None and by_id["leadership"]["contribution"] == 0
    assert by_id["dispute_resolution"]["value"] is None
    scored = [f for f in card["factors"] if f["score"] is not None]
    weight = sum(f["weight"] for f in scored)
    expected = sum(f["weight"] * f["score"] for f in scored) / weight
    assert card["total"] == pytest.approx(expected, abs=0.01)
    assert sum(f["contribution"] for f in card["factors"]) == pytest.approx(card["total"], abs=0.01)
    assert card["grade"] == load_model().grade(card["total"])


def test_trend_against_previous_month(index_db: Engine, refs: ReferenceData) -> None:
    log = march_log()
    log.registered("f1", date(2025, 2, 3), TOWN).accepted("f1", date(2025, 2, 3))
    log.replied("f1", date(2025, 2, 10)).rated("f1", date(2025, 2, 11), Rating.VERY_SATISFIED)
    runner(index_db, refs).process_batch(log.messages())
    scorer = Scorer(index_db, refs, load_model())
    feb = scorer.regions(make_period("month", date(2025, 2, 1)))[TOWN]
    mar = scorer.regions(MARCH)[TOWN]
    assert mar["trend"]["previous_total"] == feb["total"]
    assert mar["trend"]["change"] == pytest.approx(mar["total"] - feb["total"], abs=0.01)
    assert mar["trend"]["previous_period"]["start"] == "2025-02-01"


def test_one_at_a_time_equals_batch_and_rebuild_equals_live(
    index_db: Engine, refs: ReferenceData
) -> None:
    log = march_log()
    live = runner(index_db, refs)
    for msg in log.messages():
        live.process_batch([msg])
    live.process_batch(log.messages())  # redelivered: skipped
    scorer = Scorer(index_db, refs, load_model())
    before = scorer.regions(MARCH)
    facts_before = _facts(index_db)
    live.reset()
    assert _facts(index_db) == []
    live.process_batch(log.messages())
    assert _facts(index_db) == facts_before
    assert scorer.regions(MARCH) == before


def test_stored_scorecard_is_read_back(index_db: Engine, refs: ReferenceData) -> None:
    runner(index_db, refs).process_batch(march_log().messages())
    scorer = Scorer(index_db, refs, load_model())
    computed = scorer.regions(MARCH)[COUNTY]
    assert scorer.get("region", COUNTY, MARCH) == computed


def _facts(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        q = select(facts).order_by(*facts.primary_key.columns)
        return [tuple(r) for r in conn.execute(q)]
