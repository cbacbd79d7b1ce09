"""The auditor's timeline (``sunshine replay``): petition events in, one row per kept event
out, with the deadline each event set or the step it ended and whether that was met."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.supervision.domain.timeline import COLUMNS, Selection, rows
from shared.schemas.catalog import EventEnvelope
from shared.schemas.envelope import Actor
from tests.support.supervision import DAY0, Stream, accepted, assigned, registered, replied

HANDLER = Actor(user_id="h-1", role="handler", org="320812-ZJJ")


def d(n: int) -> date:
    return DAY0 + timedelta(days=n)


def petition(pid: str, reply_on: int) -> list[EventEnvelope]:
    office, dept = Stream(pid), Stream(pid, HANDLER)
    events = [office.event(registered()), office.event(assigned(d(1)))]
    dept.version = office.version
    events += [dept.event(accepted(d(2))), dept.event(replied(d(reply_on)))]
    return events


P1, P2 = petition("p-1", 60), petition("p-2", 70)  # p-2 replies 8 days late
EVERYTHING = [*P1, *P2]
FIRST_MINUTE = P1[0].occurred_at


def table(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (r["petition_id"], r["event_type"], r["deadline"], r["due_on"], r["met"]) for r in found
    ]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        pytest.param(Selection(petition_id="p-2"), [
            ("p-2", "petition.registered", "forward", str(d(15)), None),
            ("p-2", "petition.assigned", "forward", str(d(15)), True),
            ("p-2", "petition.accepted", "acceptance_notice", str(d(16)), True),
            ("p-2", "petition.replied", "handling", str(d(62)), False),
        ], id="one petition"),
        pytest.param(Selection(user_id="h-1", petition_id="p-1"), [
            ("p-1", "petition.accepted", "acceptance_notice", str(d(16)), True),
            ("p-1", "petition.replied", "handling", str(d(62)), True),
        ], id="one person's actions keep the deadlines of the whole petition"),
        pytest.param(Selection(org="320812-ZJJ", petition_id="p-9"), [], id="nothing kept"),
    ],
)  # fmt: skip
def test_rows_of_a_selection(selection: Selection, expected: list[tuple[Any, ...]]) -> None:
    assert table(rows(EVERYTHING, selection)) == expected


@pytest.mark.parametrize(
    ("selection", "kept"),
    [
        (Selection(), 8),
        (Selection(org="320812-ZJJ"), 4),
        (Selection(user_id="intake-test"), 4),
        (Selection(since=FIRST_MINUTE + timedelta(minutes=3)), 2),
        (Selection(until=FIRST_MINUTE), 2),
        (Selection(since=FIRST_MINUTE, until=FIRST_MINUTE + timedelta(minutes=1)), 4),
        (Selection(until=datetime(2000, 1, 1, tzinfo=UTC)), 0),
    ],
)
def test_what_a_selection_keeps(selection: Selection, kept: int) -> None:
    assert len(rows(EVERYTHING, selection)) == kept


def test_rows_are_in_time_order_with_every_column() -> None:
    found = rows(list(reversed(P2)) + P1, Selection())  # a log's partitions interleave
    assert [r["at"] for r in found] == sorted(r["at"] for r in found)
    assert all(tuple(r) == COLUMNS for r in found)


def test_supervision_events_are_not_the_petitions_timeline() -> None:
    own = Stream("p-1").event(registered()).model_copy(update={"event_type": "supervision.urged"})
    assert rows([own], Selection()) == []
