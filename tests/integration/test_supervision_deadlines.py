"""Supervision's projection and scheduler on a real database (SQLite and PostgreSQL): running
deadlines from petition events, exactly one overdue signal per deadline across restarts,
catch-up after downtime, accountability records citing their events, rebuild equals live."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from services.supervision.application.scheduler import Scheduler
from services.supervision.domain.instants import instant
from services.supervision.domain.lights import LightRules
from services.supervision.main import MIGRATIONS
from services.supervision.projections.deadlines import Deadlines
from services.supervision.tables import READ_MODEL, cases, records, steps
from shared.clock import FakeClock
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope, decode_event
from shared.schemas.petition import Rating
from shared.schemas.supervision import DeadlineMissed, OverdueCase
from tests.support.supervision import (
    DAY0,
    DEPT,
    Stream,
    accepted,
    assigned,
    extended,
    message,
    outbox_messages,
    owner,
    rated,
    registered,
    replied,
    revisited,
)

TOPICS = Topics()
RULES = LightRules(yellow_days=3, yellow_share_pct=10)


@pytest.fixture
def db(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "supervision")
    yield engine
    engine.dispose()


def runner(engine: Engine, name: str = "supervision-deadlines") -> ProjectionRunner:
    return ProjectionRunner(
        Deadlines(TOPICS, name=name), engine, service="supervision", dead_letter_topic="dl"
    )


def feed(engine: Engine, *events: Any) -> None:
    runner(engine).process_batch([message(e) for e in events])


def feed_own(engine: Engine) -> None:
    """Supervision's own events, as its consumer of supervision.events would get them."""
    runner(engine).process_batch(outbox_messages(engine, TOPICS.supervision_events))


def case(engine: Engine, pid: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(conn.execute(select(cases).where(cases.c.petition_id == pid)).mappings().one())


def overdue_sent(engine: Engine) -> list[OverdueCase]:
    return [
        OverdueCase.model_validate_json(m.value) for m in outbox_messages(engine, TOPICS.overdue)
    ]


def overdue_events(engine: Engine) -> list[EventEnvelope]:
    """The DeadlineMissed events supervision appended (its own stream), in order."""
    own = [decode_event(m.value) for m in outbox_messages(engine, TOPICS.supervision_events)]
    return [e for e in own if isinstance(e.payload, DeadlineMissed)]


def handled(pid: str) -> tuple[Stream, list[Any]]:
    s = Stream(pid)
    return s, [
        s.event(registered()),
        s.event(assigned(DAY0)),
        s.event(accepted(DAY0 + timedelta(days=2))),
        s.event(owner()),
    ]


def test_the_running_step_and_its_due_date_follow_the_events(db: Engine) -> None:
    s = Stream("p-1")
    feed(db, s.event(registered()))
    assert case(db, "p-1")["step"] == "forward"
    feed(db, s.event(assigned(DAY0 + timedelta(days=1))))
    c = case(db, "p-1")
    assert (c["step"], c["due_on"], c["step_org"]) == (
        "acceptance_notice",
        DAY0 + timedelta(days=16),
        DEPT,
    )
    feed(db, s.event(accepted(DAY0 + timedelta(days=3))))
    c = case(db, "p-1")
    assert (c["step"], c["due_on"], c["handler"]) == ("handling", DAY0 + timedelta(63), "h-1")
    # An approved extension moves the deadline; the step is now the extension.
    new_due = DAY0 + timedelta(days=93)
    ext = s.event(extended(DAY0 + timedelta(days=50), new_due))
    feed(db, ext)
    c = case(db, "p-1")
    assert (c["step"], c["due_on"], c["due_event_id"]) == ("extension", new_due, ext.event_id)
    feed(db, s.event(replied(DAY0 + timedelta(days=80))))
    c = case(db, "p-1")
    assert c["step"] is None and c["reply_on_time"] is True
    with db.connect() as conn:
        done = conn.execute(select(steps.c.step, steps.c.met).order_by(steps.c.seq)).all()
    assert [tuple(r) for r in done] == [
        ("forward", True),
        ("acceptance_notice", True),
        ("extension", True),
    ]


def test_one_overdue_signal_per_deadline_across_restarts(db: Engine) -> None:
    _, events = handled("p-late")
    feed(db, *events)
    due = DAY0 + timedelta(days=62)
    clock = FakeClock(due - timedelta(days=7))
    first = Scheduler(db, TOPICS, clock, RULES)
    assert first.sweep().yellow == 0
    clock.day = due - timedelta(days=6)
    assert first.sweep().yellow == 1
    assert first.sweep().yellow == 0  # the same light again: nothing new
    clock.day = due
    assert first.sweep().yellow == 0  # still yellow on the due day
    clock.day = due + timedelta(days=1)
    assert first.sweep().red == 1
    # A restart (a new scheduler on the same database) and later days: nothing again.
    second = Scheduler(db, TOPICS, clock, RULES)
    for _ in range(3):
        clock.advance()
        assert second.sweep() == type(second.sweep())(clock.today())
    sent = overdue_sent(db)
    assert len(sent) == 1
    o = sent[0]
    assert (o.petition_id, o.step, o.due_on, o.days_overdue) == ("p-late", "handling", due, 1)
    assert (o.department, o.handler, o.case_owner, o.still_open) == (DEPT, "h-1", "leader-1", True)


def test_catch_up_after_downtime(db: Engine) -> None:
    _, open_events = handled("p-open")
    s, late_events = handled("p-replied-late")
    due = DAY0 + timedelta(days=62)
    # Down from before the yellow days until well after the due date; meanwhile one
    # petition was replied late and the other is still open.
    late_events.append(s.event(replied(due + timedelta(days=4))))
    feed(db, *open_events, *late_events)
    clock = FakeClock(due + timedelta(days=10))
    result = Scheduler(db, TOPICS, clock, RULES).sweep()
    assert (result.yellow, result.red, result.late) == (0, 1, 1)
    by_id = {o.petition_id: o for o in overdue_sent(db)}
    assert by_id["p-open"].days_overdue == 10 and by_id["p-open"].still_open
    assert by_id["p-replied-late"].days_overdue == 4 and not by_id["p-replied-late"].still_open
    assert Scheduler(db, TOPICS, clock, RULES).sweep().late == 0


def test_an_extension_moves_the_deadline_and_a_new_one_can_be_missed(db: Engine) -> None:
    s, events = handled("p-ext")
    due = DAY0 + timedelta(days=62)
    feed(db, *events)
    clock = FakeClock(due + timedelta(days=1))
    sched = Scheduler(db, TOPICS, clock, RULES)
    assert sched.sweep().red == 1
    feed(db, s.event(extended(due + timedelta(days=1), due + timedelta(days=30))))
    clock.day = due + timedelta(days=20)
    assert sched.sweep().red == 0  # green again under the new date
    clock.day = due + timedelta(days=31)
    assert sched.sweep().red == 1
    assert [(o.step, o.due_on) for o in overdue_sent(db)] == [
        ("handling", due),
        ("extension", due + timedelta(days=30)),
    ]


def test_accountability_records_cite_their_events(db: Engine) -> None:
    s, events = handled("p-bad")
    due = DAY0 + timedelta(days=62)
    feed(db, *events)
    Scheduler(db, TOPICS, FakeClock(due + timedelta(days=2)), RULES).sweep()
    feed_own(db)
    # Built in stream order: a stream's versions reach consumers in order.
    reply = s.event(replied(due + timedelta(days=3)))
    rate = s.event(rated(due + timedelta(days=5), Rating.DISSATISFIED))
    revisit = s.event(revisited(due + timedelta(days=9), resolved=False))
    feed(db, reply, rate, revisit)
    # The same petitioner comes back: a repeat petition following the mishandled one.
    r = Stream("p-repeat")
    again = r.event(registered(DAY0 + timedelta(days=100), repeat_candidate_of="p-bad"))
    feed(db, again)
    with db.connect() as conn:
        found = {row.reason: row for row in conn.execute(select(records))}
    assert set(found) == {"overdue", "dissatisfied_after_revisit", "repeat_after_mishandling"}
    overdue = found["overdue"]
    missed_id = overdue_sent(db)[0].message_id
    assert (overdue.department, overdue.handler, overdue.case_owner) == (DEPT, "h-1", "leader-1")
    assert set(json.loads(overdue.event_ids)) == {missed_id, events[2].event_id}
    assert set(json.loads(found["dissatisfied_after_revisit"].event_ids)) == {
        rate.event_id,
        revisit.event_id,
    }
    cited = set(json.loads(found["repeat_after_mishandling"].event_ids))
    assert again.event_id in cited and len(cited) == 2
    # Each record at the instant of the event that made it; a follow-up's at the later of
    # its two facts (the repeat petition's registration, and the mishandling it follows).
    (missed,) = overdue_events(db)
    assert overdue.found_at == instant(missed.occurred_at)
    assert found["dissatisfied_after_revisit"].found_at == instant(revisit.occurred_at)
    (bad,) = cited - {again.event_id}
    bad_at = {e.event_id: e.occurred_at for e in (missed, rate)}[bad]
    assert again.occurred_at != bad_at
    expected = instant(max(again.occurred_at, bad_at))
    assert found["repeat_after_mishandling"].found_at == expected


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)))  # type: ignore[misc]
            for t in READ_MODEL
        }


def test_rebuild_equals_live(db: Engine) -> None:
    s1, e1 = handled("p-a")
    s2, e2 = handled("p-b")
    e1 += [s1.event(replied(DAY0 + timedelta(days=90)))]
    e2 += [s2.event(rated(DAY0 + timedelta(days=9), Rating.DISSATISFIED))]
    r = Stream("p-c")
    e3 = [r.event(registered(DAY0 + timedelta(days=95), repeat_candidate_of="p-b"))]
    Scheduler(db, TOPICS, FakeClock(DAY0 + timedelta(days=80)), RULES)  # nothing yet
    live = runner(db)
    for e in [*e1, *e2, *e3]:  # live: one message at a time, in publishing order
        live.process_batch([message(e)])
    Scheduler(db, TOPICS, FakeClock(DAY0 + timedelta(days=100)), RULES).sweep()
    live.process_batch(outbox_messages(db, TOPICS.supervision_events))
    before = snapshot(db)
    assert before["sv_records"]
    # Rebuild: another interleaving of the partitions (p-c before p-b), one big batch.
    live.reset()
    own = outbox_messages(db, TOPICS.supervision_events)
    live.process_batch([*own, *[message(e) for e in [*e3, *e2, *e1]]])
    assert snapshot(db) == before
