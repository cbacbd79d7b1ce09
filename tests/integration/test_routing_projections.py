"""Routing's consumers over a real database (SQLite, and PostgreSQL when configured), fed
hand-made events: decisions and the commands they put in the outbox, returns and re-routing,
queue contents after a scripted lifecycle, rebuild equals live."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from services.routing.application.history import routing_history
from services.routing.application.rulefile import load_file
from services.routing.application.rulestore import RuleStore
from services.routing.main import MIGRATIONS
from services.routing.projections.decisions import Decisions
from services.routing.projections.queues import Queues
from services.routing.tables import cases, queue_items, transfers
from shared.auth.roles import Principal, Role
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.eventstore.tables import outbox
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.commands import CommandMessage
from shared.schemas.petition import Kind, Level, PetitionClosed, PetitionReplied
from tests.support.routing import DAY0, Stream, accepted, assigned, message, registered, returned

TOPICS = Topics()


@pytest.fixture(scope="module")
def refs() -> ReferenceData:
    return load_refdata()


@pytest.fixture
def routing_db(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "routing")
    yield engine
    engine.dispose()


def decisions(engine: Engine, refs: ReferenceData) -> ProjectionRunner:
    store = RuleStore(refs, load_file())
    return ProjectionRunner(
        Decisions(refs, store, TOPICS), engine, service="routing", dead_letter_topic="dl"
    )


def queues(engine: Engine, refs: ReferenceData) -> ProjectionRunner:
    return ProjectionRunner(Queues(refs, TOPICS), engine, service="routing", dead_letter_topic="dl")


def sent_commands(engine: Engine) -> list[CommandMessage]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.value)
            .where(outbox.c.topic == TOPICS.petition_commands)
            .order_by(outbox.c.id)
        ).scalars()
        return [CommandMessage.model_validate_json(v) for v in rows]


def queue_rows(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        q = select(queue_items).order_by(queue_items.c.petition_id, queue_items.c.department)
        return [tuple(r) for r in conn.execute(q)]


def test_registration_sends_assign_with_rule_and_owner(
    routing_db: Engine, refs: ReferenceData
) -> None:
    runner = decisions(routing_db, refs)
    s = Stream("p-1")
    reg = s.event(registered())
    runner.process_batch([message(reg)])
    runner.process_batch([message(reg)])  # a redelivery: nothing sent twice
    sent = sent_commands(routing_db)
    assert [m.command.command for m in sent] == ["assign", "set_case_owner"]
    assign = sent[0]
    assert assign.petition_id == "p-1" and assign.causation_id == reg.event_id
    assert assign.command.department == "320812-ZJJ"  # type: ignore[union-attr]
    assert assign.command.rule_id == "dept.320812-ZJJ"  # type: ignore[union-attr]
    assert "rule dept.320812-ZJJ" in assign.command.reason  # type: ignore[union-attr]
    assert sent[1].command.hard_case is False  # type: ignore[union-attr]


def test_hard_case_gets_the_named_leader(routing_db: Engine, refs: ReferenceData) -> None:
    runner = decisions(routing_db, refs)
    reg = Stream("p-2").event(registered(category_code="0101", collective=True, headcount=30))
    runner.process_batch([message(reg)])
    assign, owner = sent_commands(routing_db)
    assert assign.command.rule_id == "hw.collective.demolition"  # type: ignore[union-attr]
    assert owner.command.owner_user_id == "leader-320800-ZJJ"  # type: ignore[union-attr]
    assert owner.command.hard_case is True  # type: ignore[union-attr]


def test_unplaceable_goes_to_the_manual_queue(routing_db: Engine, refs: ReferenceData) -> None:
    runner = decisions(routing_db, refs)
    runner.process_batch([message(Stream("p-3").event(registered(category_code="1801")))])
    assert sent_commands(routing_db) == []
    with routing_db.connect() as conn:
        case = conn.execute(select(cases)).one()
        step = conn.execute(select(transfers)).one()
    assert case.status == "manual" and "1801" in case.manual_reason
    assert step.action == "manual" and step.department == "320812-XFJ"
    # The office reads why in Chinese, the codes named (GET /petitions/{id}/routing).
    office = Principal(user_id="u-office", role=Role.PETITION_OFFICE, org="320812")
    seen = routing_history(routing_db, refs, office, "p-3")
    category = refs.category_name("1801")
    assert seen["manual_reason"] == case.manual_reason
    assert seen["manual_reason_zh"] == (
        f"没有分派规则负责{refs.region_name('320812')}的“{category}”类问题，请人工分派。"
    )
    assert [s["reason_zh"] for s in seen["steps"]] == [seen["manual_reason_zh"]]


def test_return_reroutes_elsewhere_and_escalates(routing_db: Engine, refs: ReferenceData) -> None:
    runner = decisions(routing_db, refs)
    s = Stream("p-4")
    # A village matter: the township government first.
    events = [s.event(registered(region_code="320812001001", responsible_level=Level.TOWNSHIP))]
    events.append(s.event(assigned("320812001-GOV", Level.TOWNSHIP)))
    events.append(s.event(returned("320812001-GOV")))
    runner.process_batch([message(e) for e in events])
    depts = [
        m.command.department for m in sent_commands(routing_db) if m.command.command == "assign"
    ]
    assert depts == ["320812001-GOV", "320812-ZJJ"]
    # The county bureau returns it too: the second return, so routing looks above county.
    more = [s.event(assigned("320812-ZJJ", Level.COUNTY)), s.event(returned("320812-ZJJ"))]
    runner.process_batch([message(e) for e in more])
    depts = [
        m.command.department for m in sent_commands(routing_db) if m.command.command == "assign"
    ]
    assert depts[-1] == "320800-ZJJ"  # up the pyramid: the city bureau
    with routing_db.connect() as conn:
        steps = [r.action for r in conn.execute(select(transfers).order_by(transfers.c.seq))]
    assert steps == [
        "routed",
        "assigned",
        "returned",
        "routed",
        "assigned",
        "returned",
        "escalated",
        "routed",
    ]


def test_accusation_never_routed_to_the_accused(routing_db: Engine, refs: ReferenceData) -> None:
    runner = decisions(routing_db, refs)
    reg = registered(kind=Kind.ACCUSATION, category_code="0102", accused_org="320812-ZJJ")
    runner.process_batch([message(Stream("p-5").event(reg))])
    assign = sent_commands(routing_db)[0]
    assert assign.command.department == "320800-ZJJ"  # type: ignore[union-attr]


def lifecycle() -> list[Any]:
    """Three petitions: one handled, one returned and re-assigned, one waiting."""
    a, b, c = Stream("q-a"), Stream("q-b"), Stream("q-c")
    reply = PetitionReplied(
        replied_on=DAY0 + timedelta(days=20),
        reply_text="答复",
        document_ref="doc-1",
        review_request_due=DAY0 + timedelta(days=50),
        rating_token_hash="0" * 64,
    )
    return [
        a.event(registered(tracking_code="A")),
        b.event(registered(tracking_code="B", category_code="0101")),
        c.event(registered(tracking_code="C", category_code="1801")),
        a.event(assigned("320812-ZJJ", Level.COUNTY, rule_id="dept.320812-ZJJ")),
        b.event(assigned("320812-ZJJ", Level.COUNTY)),
        a.event(accepted(DAY0 + timedelta(days=1))),
        b.event(returned("320812-ZJJ", DAY0 + timedelta(days=2))),
        b.event(assigned("320800-ZJJ", Level.CITY, DAY0 + timedelta(days=2))),
        a.event(reply),
        a.event(PetitionClosed(reason="", closed_on=DAY0 + timedelta(days=21))),
    ]


def test_queue_contents_after_a_lifecycle(routing_db: Engine, refs: ReferenceData) -> None:
    runner = queues(routing_db, refs)
    for e in lifecycle():
        runner.process_batch([message(e)])
    rows = {(r[0], r[1]): r for r in queue_rows(routing_db)}
    col = {c.name: i for i, c in enumerate(queue_items.columns)}
    assert set(rows) == {
        ("q-a", "320812-ZJJ"),
        ("q-b", "320812-ZJJ"),
        ("q-b", "320800-ZJJ"),
        ("q-c", "320812-XFJ"),
    }
    assert rows[("q-a", "320812-ZJJ")][col["state"]] == "closed"
    returned_row = rows[("q-b", "320812-ZJJ")]
    assert returned_row[col["state"]] == "returned" and returned_row[col["return_reason"]]
    new = rows[("q-b", "320800-ZJJ")]
    assert new[col["state"]] == "new" and new[col["returns"]] == 1
    assert new[col["due_on"]] == DAY0 + timedelta(days=17)  # acceptance due
    waiting = rows[("q-c", "320812-XFJ")]
    assert waiting[col["state"]] == "unrouted" and waiting[col["due_on"]] == DAY0 + timedelta(
        days=15
    )


def test_rebuild_equals_live(routing_db: Engine, refs: ReferenceData) -> None:
    events = lifecycle()
    live = queues(routing_db, refs)
    for e in events:  # live: one message at a time, with a redelivery thrown in
        live.process_batch([message(e)])
    live.process_batch([message(events[3])])
    before = queue_rows(routing_db)
    live.reset()
    assert queue_rows(routing_db) == []
    live.process_batch([message(e) for e in events])  # rebuild: one big batch
    assert queue_rows(routing_db) == before
