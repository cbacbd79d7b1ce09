"""The facts fold on its own: petition (and supervision) events in, counter deltas per (day,
region, category, department) out, with no database. Each case is a log and the facts it
must give; an accusation is counted under the nearest region above its accused scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from services.index.domain.fold import Fold, PetitionState
from shared.refdata import OrgTree
from shared.schemas import petition as p
from shared.schemas.supervision import DeadlineMissed, Step
from tests.support.index import Log

# A city C; counties K (towns T, U) and K2; K's government, and one department in K.
TREE = OrgTree(
    {"C": None, "K": "C", "T": "K", "U": "K", "K2": "C"},
    {"K-GOV": "K", "K-ZJJ": "K", "C-GOV": "C"},
    {"K-GOV": "K", "C-GOV": "C"},
)
D = date(2025, 3, 3)
CAT = "0101"
Facts = dict[tuple[date, str, str, str], dict[str, int]]


def day(n: int) -> date:
    return D + timedelta(days=n)


def fold(log: Log, screened: dict[tuple[str, str], date] | None = None) -> Fold:
    f = Fold({}, screened or {}, TREE)
    for event in log.events:
        f.apply(event)
    return f


def facts(f: Fold) -> Facts:
    return {key: dict(counts) for key, counts in f.deltas.items() if counts}


def key(n: int, region: str = "T", dept: str = "") -> tuple[date, str, str, str]:
    return (day(n), region, CAT, dept)


def handled(log: Log) -> Log:
    """Registered, assigned, accepted, noticed and replied in time, rated satisfied."""
    log.registered("p1", day(0), "T", CAT).assigned("p1", day(1), "K-ZJJ")
    log.accepted("p1", day(2), reply_days=30).noticed("p1", day(3))
    return log.replied("p1", day(10)).rated("p1", day(12))


def missed_deadline(log: Log) -> Log:
    log.registered("p1", day(0), "T", CAT).assigned("p1", day(1), "K-ZJJ")
    missed = DeadlineMissed(
        petition_id="p1", step=Step.HANDLING, due_on=day(5), detected_on=day(6), days_overdue=1
    )
    return log.event("sup-p1", missed, day(6))


CASES: list[tuple[str, Callable[[Log], Log], dict[tuple[str, str], date], Facts]] = [
    (
        "a visit, no dispute on the register: missed",
        lambda log: log.registered("p1", day(0), "T", CAT),
        {},
        {key(0): {"registered": 1, "missed": 1}},
    ),
    (
        "online, skip-level, collective of five",
        lambda log: log.registered(
            "p1", day(0), "T", CAT, p.Channel.ONLINE, skip_level=True, collective=True, headcount=5
        ),
        {},
        {
            key(0): {
                "registered": 1,
                "online": 1,
                "skip_level": 1,
                "collective": 1,
                "collective_headcount": 5,
                "missed": 1,
            }
        },
    ),
    (
        "a dispute in the county, major category, the day before: screened",
        lambda log: log.registered("p1", day(0), "T", CAT),
        {("K", "01"): day(-1)},
        {key(0): {"registered": 1}},
    ),
    (
        "a dispute the same day is not before it: missed",
        lambda log: log.registered("p1", day(0), "T", CAT),
        {("T", CAT): day(0)},
        {key(0): {"registered": 1, "missed": 1}},
    ),
    (
        "a dispute in another county does not screen it",
        lambda log: log.registered("p1", day(0), "T", CAT),
        {("K2", "01"): day(-5)},
        {key(0): {"registered": 1, "missed": 1}},
    ),
    (
        "handled in time: every count on its own day, under the department",
        handled,
        {},
        {
            key(0): {"registered": 1, "missed": 1},
            key(1, dept="K-ZJJ"): {"assigned": 1},
            key(2, dept="K-ZJJ"): {"accepted": 1},
            key(3, dept="K-ZJJ"): {"notices": 1, "notices_on_time": 1},
            key(10, dept="K-ZJJ"): {
                "replied": 1,
                "replied_on_time": 1,
                "handling_days": 10,
                "first_replied": 1,
            },
            key(12, dept="K-ZJJ"): {"rated": 1, "satisfied": 1},
        },
    ),
    (
        "forwarded after its due day, assigned twice: one late assignment",
        lambda log: (
            log.registered("p1", day(0), "T", CAT)
            .assigned("p1", day(20), "K-ZJJ")
            .assigned("p1", day(21), "K-ZJJ")
        ),
        {},
        {
            key(0): {"registered": 1, "missed": 1},
            key(20, dept="K-ZJJ"): {"assigned": 1, "forwarded_late": 1},
        },
    ),
    (
        "replied after the reply is due, and twice: the first reply counts, late",
        lambda log: (
            log.registered("p1", day(0), "T", CAT)
            .accepted("p1", day(1), reply_days=5)
            .replied("p1", day(9))
            .replied("p1", day(11))
        ),
        {},
        {
            key(0): {"registered": 1, "missed": 1},
            key(1): {"accepted": 1},
            key(9): {"replied": 1, "handling_days": 9, "first_replied": 1},
        },
    ),
    (
        "a review reopens it: not resolved at one go, filed on the reply's day",
        lambda log: handled(log).review("p1", day(20)),
        {},
        {
            key(0): {"registered": 1, "missed": 1},
            key(1, dept="K-ZJJ"): {"assigned": 1},
            key(2, dept="K-ZJJ"): {"accepted": 1},
            key(3, dept="K-ZJJ"): {"notices": 1, "notices_on_time": 1},
            key(10, dept="K-ZJJ"): {
                "replied": 1,
                "replied_on_time": 1,
                "handling_days": 10,
                "first_replied": 1,
                "first_reopened": 1,
            },
            key(12, dept="K-ZJJ"): {"rated": 1, "satisfied": 1},
            key(20, dept="K-ZJJ"): {"reviews": 1},
        },
    ),
    (
        "petitioned again: a repeat, and the earlier one reopened",
        lambda log: (
            log.registered("p1", day(0), "T", CAT)
            .replied("p1", day(4))
            .registered("p2", day(8), "T", CAT, repeat_of="p1")
        ),
        {},
        {
            key(0): {"registered": 1, "missed": 1},
            key(4): {
                "replied": 1,
                "replied_on_time": 1,
                "handling_days": 4,
                "first_replied": 1,
                "first_reopened": 1,
            },
            key(8): {"registered": 1, "repeat": 1, "missed": 1},
        },
    ),
    (
        "registered twice: counted once",
        lambda log: log.registered("p1", day(0), "T", CAT).registered("p1", day(0), "T", CAT),
        {},
        {key(0): {"registered": 1, "missed": 1}},
    ),
    (
        "events of a petition the index never saw registered: nothing",
        lambda log: log.accepted("p9", day(1)).replied("p9", day(2)).closed("p9", day(3)),
        {},
        {},
    ),
    (
        "closed: on its closing day",
        lambda log: log.registered("p1", day(0), "T", CAT).closed("p1", day(7)),
        {},
        {key(0): {"registered": 1, "missed": 1}, key(7): {"closed": 1}},
    ),
    (
        "a missed deadline from supervision, under the department it names or the petition's",
        missed_deadline,
        {},
        {
            key(0): {"registered": 1, "missed": 1},
            key(1, dept="K-ZJJ"): {"assigned": 1},
            key(6, dept="K-ZJJ"): {"deadline_missed": 1},
        },
    ),
    (
        "an accusation against the town: filed under its county",
        lambda log: log.registered("p1", day(0), "T", CAT, accused_org="T"),
        {},
        {key(0, "K"): {"registered": 1, "missed": 1}},
    ),
    (
        "an accusation against a department of the county: filed under the town",
        lambda log: log.registered("p1", day(0), "T", CAT, accused_org="K-ZJJ"),
        {},
        {key(0, "T"): {"registered": 1, "missed": 1}},
    ),
    (
        "an accusation against the county's government: the whole county is of it, the city",
        lambda log: log.registered("p1", day(0), "T", CAT, accused_org="K-GOV").assigned(
            "p1", day(1), "C-GOV"
        ),
        {},
        {key(0, "C"): {"registered": 1, "missed": 1}, key(1, "C", "C-GOV"): {"assigned": 1}},
    ),
    (
        "an accusation against the city's government: nobody may count it",
        lambda log: log.registered("p1", day(0), "T", CAT, accused_org="C-GOV").accepted(
            "p1", day(1)
        ),
        {},
        {},
    ),
]


@pytest.mark.parametrize(
    ("log", "screened", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_events_in_facts_out(
    log: Callable[[Log], Log], screened: dict[tuple[str, str], date], expected: Facts
) -> None:
    assert facts(fold(log(Log()), screened)) == expected


@pytest.mark.parametrize(
    ("accused_org", "region", "kept"),
    [
        (None, "T", True),
        ("T", "K", True),
        ("K-GOV", "C", True),
        ("C-GOV", None, False),
    ],
)
def test_the_state_remembers_the_reporting_region(
    accused_org: str | None, region: str | None, kept: bool
) -> None:
    f = fold(Log().registered("p1", day(0), "T", CAT, accused_org=accused_org))
    assert ("p1" in f.states) is kept
    assert ("p1" in f.dirty) is kept
    if kept:
        assert f.states["p1"].region_code == region


def test_a_batch_continues_from_the_states_it_was_given() -> None:
    """The projection loads the states a batch touches; the fold carries on from them."""
    earlier = PetitionState("p1", "T", CAT, day(0), first=True, department="K-ZJJ")
    earlier.reply_due = day(30)
    f = Fold({"p1": earlier}, {}, TREE)
    for event in Log().replied("p1", day(40)).events:
        f.apply(event)
    assert facts(f) == {
        key(40, dept="K-ZJJ"): {"replied": 1, "handling_days": 40, "first_replied": 1}
    }
    row: dict[str, Any] = f.states["p1"].row()
    assert row["replied_on"] == day(40) and row["first_resolved"] is True
    assert f.dirty == {"p1"}
