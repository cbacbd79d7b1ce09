"""The statistics fold on its own (issue 17): petition events in, counts of petitions (件次)
and people (人次) under every region above and for the day and its month, current statuses
and title words out, with no database; and the periods the reads add up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from services.index.domain.stat_periods import make_window, spans
from services.index.domain.stats import StatPetition, StatsFold
from services.index.domain.words import hot_words
from shared.refdata import OrgTree
from shared.schemas import petition as p
from tests.support.index import Log

# A city C; county K (towns T, U) and K2; K's government, and one department in K.
TREE = OrgTree(
    {"C": None, "K": "C", "T": "K", "U": "K", "K2": "C"},
    {"K-GOV": "K", "K-ZJJ": "K", "C-GOV": "C"},
    {"K-GOV": "K", "C-GOV": "C"},
)
D = date(2025, 3, 3)
M = date(2025, 3, 1)


def words(title: str) -> Iterable[str]:
    return title.split()  # a stand-in segmenter: the fold is given one


def register(
    log: Log,
    pid: str,
    region: str = "T",
    *,
    title: str = "物业 停车",
    kind: p.Kind = p.Kind.CLAIM,
    channel: p.Channel = p.Channel.VISIT,
    collective: bool = False,
    headcount: int = 1,
    accused: str | None = None,
    on: date = D,
) -> Log:
    payload = p.PetitionRegistered(
        tracking_code=f"T{pid}",
        channel=channel,
        kind=kind,
        category_code="0102",
        region_code=region,
        receiving_org=region,
        receiving_level=p.Level.TOWNSHIP,
        received_on=on,
        collective=collective,
        headcount=headcount,
        title=title,
        content="内容不计入热词",
        petitioner=p.Petitioner(name="张三"),
        responsible_level=p.Level.TOWNSHIP,
        forward_due=on + timedelta(days=15),
        acceptance_notice_due=on + timedelta(days=15),
        accused_org=accused,
    )
    return log.event(pid, payload, on)


def fold(log: Log, states: dict[str, StatPetition] | None = None) -> StatsFold:
    f = StatsFold({} if states is None else states, TREE, words)
    for event in log.events:
        f.apply(event)
    f.settle()
    return f


def count(f: StatsFold, region: str, dim: str, value: str, grain: str = "d") -> dict[str, int]:
    bucket = D if grain == "d" else M
    cat = "01" if dim == "department" else "0102"
    c = f.counts.get((region, dim, grain, bucket, cat, value))
    return {"petitions": c[0], "people": c[1]} if c else {}


def status(f: StatsFold, region: str) -> dict[str, int]:
    return {s: c[0] for (r, _, s), c in f.status.items() if r == region and c[0]}


def test_a_petition_counts_once_and_its_people_under_every_region_above() -> None:
    log = Log()
    register(log, "p1")
    register(log, "p2", collective=True, headcount=12, channel=p.Channel.ONLINE)
    f = fold(log)
    for region in ("T", "K", "C"):
        for grain in ("d", "m"):
            assert count(f, region, "total", "", grain) == {"petitions": 2, "people": 13}
    assert count(f, "C", "profile", "online|claim|township") == {"petitions": 1, "people": 12}
    assert count(f, "T", "profile", "visit|claim|township") == {"petitions": 1, "people": 1}
    assert count(f, "U", "total", "") == {} and count(f, "K2", "total", "") == {}
    assert count(f, "C", "department", "") == {"petitions": 2, "people": 13}


def test_the_handling_department_moves_when_returned_and_assigned_again() -> None:
    log = Log()
    register(log, "p1")
    log.assigned("p1", D, "K-ZJJ")
    f = fold(log)
    assert count(f, "C", "department", "K-ZJJ") == {"petitions": 1, "people": 1}
    assert count(f, "C", "department", "") == {}  # registered and assigned in one batch
    # A later batch: the state comes from the table, the deltas add to what is stored.
    later = Log()
    later.event("p1", p.PetitionReturned(department="K-ZJJ", reason="r", returned_on=D), D)
    f2 = fold(later, {"p1": f.states["p1"]})
    assert count(f2, "K", "department", "K-ZJJ")["petitions"] == -1
    assert count(f2, "K", "department", "")["petitions"] == 1
    assert status(f2, "K") == {"returned": 1, "assigned": -1}  # deltas to the stored counts


def test_statuses_follow_the_petition_and_only_the_current_one_counts() -> None:
    log = Log()
    register(log, "p1")
    register(log, "p2")
    log.assigned("p1", D).accepted("p1", D).replied("p1", D + timedelta(days=5))
    log.review("p1", D + timedelta(days=9))
    f = fold(log)
    assert status(f, "C") == {"registered": 1, "under_review": 1}
    assert sum(c[0] for c in f.status.values()) == 6  # 2 petitions, 3 regions


def test_an_accusation_is_filed_above_the_accused_and_gives_no_words() -> None:
    log = Log()
    register(log, "p1", "T", kind=p.Kind.ACCUSATION, accused="K-GOV", title="举报 局长")
    register(log, "p2", "T", title="噪音 扰民")
    f = fold(log)
    assert count(f, "C", "total", "")["petitions"] == 2
    assert count(f, "K", "total", "")["petitions"] == 1  # the accused county never holds it
    assert count(f, "T", "total", "")["petitions"] == 1
    counted = {w for (_, _, _, w) in f.word_counts}
    assert counted == {"噪音", "扰民"}
    assert f.word_counts[("C", "m", M, "噪音")] == 1


def test_a_second_registration_of_one_stream_is_not_counted_again() -> None:
    log = Log()
    register(log, "p1")
    f = fold(log)
    again = Log()
    register(again, "p1")
    f2 = fold(again, {"p1": f.states["p1"]})
    assert not f2.counts and not f2.word_counts


def test_hot_words_are_two_characters_or_more_and_no_stop_words() -> None:
    tokens = ["小区", "物业", "不", "问题", "反映", "，", "2025", "物业", "拆迁", "a1"]
    assert hot_words(tokens) == ["小区", "物业", "拆迁", "a1"]


def test_a_range_adds_up_from_whole_months_and_the_days_at_its_edges() -> None:
    assert spans(date(2025, 1, 1), date(2025, 12, 31)) == [
        ("m", date(2025, 1, 1), date(2025, 12, 1))
    ]
    assert spans(date(2025, 1, 15), date(2025, 3, 10)) == [
        ("d", date(2025, 1, 15), date(2025, 1, 31)),
        ("m", date(2025, 2, 1), date(2025, 2, 1)),
        ("d", date(2025, 3, 1), date(2025, 3, 10)),
    ]
    assert spans(date(2025, 1, 15), date(2025, 1, 20)) == [
        ("d", date(2025, 1, 15), date(2025, 1, 20))
    ]


def _span(w: Any) -> tuple[date, date]:
    return (w.start, w.end)


def test_previous_and_year_ago_periods() -> None:
    month = make_window("month", date(2025, 3, 17))
    assert _span(month.previous()) == (date(2025, 2, 1), date(2025, 2, 28))
    assert _span(month.year_ago()) == (date(2024, 3, 1), date(2024, 3, 31))
    year = make_window("year", date(2025, 3, 17))
    assert (
        _span(year.previous()) == _span(year.year_ago()) == (date(2024, 1, 1), date(2024, 12, 31))
    )
    week = make_window("week", date(2025, 3, 5))
    assert _span(week) == (date(2025, 3, 3), date(2025, 3, 9))
    assert _span(week.previous()) == (date(2025, 2, 24), date(2025, 3, 2))
    custom = make_window("custom", date(2024, 2, 20), date(2024, 2, 29))
    assert _span(custom.previous()) == (date(2024, 2, 10), date(2024, 2, 19))
    assert _span(custom.year_ago()) == (date(2023, 2, 20), date(2023, 2, 28))


def test_a_running_period_is_compared_to_date() -> None:
    # On 4 December: this month against 1-4 November and 1-4 December a year earlier.
    month = make_window("month", date(2026, 12, 4))
    before, ago = month.compared(date(2026, 12, 4))
    assert _span(before) == (date(2026, 11, 1), date(2026, 11, 4))
    assert _span(ago) == (date(2025, 12, 1), date(2025, 12, 4))
    # 30 March: February has no 30th, so the whole of it.
    before, _ = make_window("month", date(2025, 3, 30)).compared(date(2025, 3, 30))
    assert _span(before) == (date(2025, 2, 1), date(2025, 2, 28))
    # A year to date, a week to date.
    before, ago = make_window("year", date(2026, 12, 4)).compared(date(2026, 12, 4))
    assert _span(before) == _span(ago) == (date(2025, 1, 1), date(2025, 12, 4))
    before, _ = make_window("week", date(2026, 12, 2)).compared(date(2026, 12, 2))
    assert _span(before) == (date(2026, 11, 23), date(2026, 11, 25))
    # A period that is over (or not begun) is compared whole.
    march = make_window("month", date(2025, 3, 17))
    assert march.compared(date(2025, 4, 2)) == (march.previous(), march.year_ago())
    assert march.compared(date(2025, 3, 31)) == (march.previous(), march.year_ago())
