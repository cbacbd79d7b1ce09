"""The statistics fold (issue 17): petition events -> counts of petitions (件次) and of people
(人次: a collective petition counts its headcount), in memory, no I/O.

Every count is filed under the day the petition was received and under the first of that
month (two grains: a year is read from twelve month rows, a custom range from its months and
the days at its edges), and under the petition's region and every region above it, so any
region's count is its own rows, never a sum over its subtree at query time. Dimensions:

- ``total`` (value ``""``), ``channel``, ``kind``, ``level`` (the receiving level), keyed by
  the minor category (the major is its first two digits);
- ``department``, the handling department (``""`` until assigned, moved when a petition is
  returned or assigned again), keyed by the major category only: a department by minor
  category would be one row per petition.

The status is not additive over days: the current status of every petition is counted per
region and minor category, moved as the petition moves. Hot words count the titles (never the
content, never an accusation) that hold a word, per grain, bucket and region.

An accusation is filed under the nearest region above its accused scope, as the facts are
(``shared.auth.scope.reporting_region``): the accused region's own figures never hold it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from services.index.domain.fold import Tree
from shared.auth.scope import reporting_region
from shared.schemas import petition as p

DAY, MONTH = "d", "m"
DIMS = ("total", "channel", "kind", "level", "department")
UNASSIGNED = ""  # the department of a petition nobody handles yet

# (region, dim, grain, bucket, category, value) -> petitions, people
CountKey = tuple[str, str, str, date, str, str]
# (region, category, status) -> petitions, people
StatusKey = tuple[str, str, str]
# (region, grain, bucket, word) -> titles holding the word
WordKey = tuple[str, str, date, str]


def buckets(day: date) -> tuple[tuple[str, date], tuple[str, date]]:
    """The (grain, bucket) rows a day is counted in: the day, and its month."""
    return (DAY, day), (MONTH, day.replace(day=1))


@dataclass
class StatPetition:
    """What the statistics remember of a petition, to move its counts later."""

    petition_id: str
    region_code: str  # where it is filed (its reporting region)
    category_code: str
    received_on: date
    people: int
    department: str
    status: str

    def row(self) -> dict[str, Any]:
        return asdict(self)


# The status each event leaves a petition in: intake's ``domain.state.Status`` values
# (services never import one another, so the mapping is restated here).
def _status(payload: Any) -> str | None:
    if isinstance(payload, p.ReviewRequested):
        return "under_review" if payload.stage == "review" else "under_re_review"
    if isinstance(payload, p.ReviewDecided):
        return "reviewed" if payload.stage == "review" else "re_reviewed"
    return _STATUS_OF.get(type(payload))


_STATUS_OF: dict[type[Any], str] = {
    p.PetitionRegistered: "registered",
    p.PetitionAssigned: "assigned",
    p.PetitionReturned: "returned",
    p.PetitionAccepted: "accepted",
    p.PetitionNotAccepted: "not_accepted",
    p.PetitionReplied: "replied",
    p.PetitionClosed: "closed",
    p.PetitionWithdrawn: "withdrawn",
}
STATUS_NAMES = {
    "registered": "已登记",
    "assigned": "已交办",
    "returned": "已退回",
    "accepted": "已受理",
    "not_accepted": "不予受理",
    "replied": "已答复",
    "closed": "已办结",
    "under_review": "复查中",
    "reviewed": "已复查",
    "under_re_review": "复核中",
    "re_reviewed": "已复核",
    "withdrawn": "已撤回",
}
# The event types the fold reads (the projection decodes no other).
_WATCHED: tuple[type[Any], ...] = (*_STATUS_OF, p.ReviewRequested, p.ReviewDecided)
WATCHED = frozenset(t.model_fields["type"].default for t in _WATCHED)


class StatsFold:
    def __init__(
        self,
        states: dict[str, StatPetition],
        tree: Tree,
        words: Callable[[str], Iterable[str]],
    ) -> None:
        self.states = states
        self.tree = tree
        self.words = words
        self.counts: defaultdict[CountKey, Counter[str]] = defaultdict(Counter)
        self.status: defaultdict[StatusKey, Counter[str]] = defaultdict(Counter)
        self.word_counts: Counter[WordKey] = Counter()
        self.dirty: set[str] = set()

    def apply(self, event: Any) -> None:
        payload = event.payload
        if isinstance(payload, p.PetitionRegistered):
            self._registered(event.stream_id, payload)
            return
        st = self.states.get(event.stream_id)
        if st is None:
            return  # a stream whose registration the index never counted
        if isinstance(payload, p.PetitionAssigned):
            self._move_department(st, payload.department)
        elif isinstance(payload, p.PetitionReturned):
            self._move_department(st, UNASSIGNED)
        status = _status(payload)
        if status is not None and status != st.status:
            self._count_status(st, st.status, -1)
            st.status = status
            self._count_status(st, status, +1)
        self.dirty.add(st.petition_id)

    def _registered(self, pid: str, e: p.PetitionRegistered) -> None:
        if pid in self.states:
            return  # registered once; a second registration would double-count
        region = reporting_region(self.tree.ancestors(e.region_code), e.accused_org, self.tree)
        if region is None:
            return  # the whole chain is of the accused unit: nobody may count it
        people = e.headcount if e.collective else 1
        st = StatPetition(pid, region, e.category_code, e.received_on, people, UNASSIGNED, "")
        self.states[pid] = st
        self.dirty.add(pid)
        minor = e.category_code
        for dim, value in (
            ("total", ""),
            ("channel", e.channel.value),
            ("kind", e.kind.value),
            ("level", e.receiving_level.value),
        ):
            self._count(st, dim, minor, value, +1)
        self._count(st, "department", minor[:2], UNASSIGNED, +1)
        st.status = "registered"
        self._count_status(st, st.status, +1)
        if e.kind is not p.Kind.ACCUSATION:  # never the words of an accusation
            found = set(self.words(e.title))
            for region_code in self.tree.ancestors(region):
                for grain, bucket in buckets(e.received_on):
                    for word in found:
                        self.word_counts[(region_code, grain, bucket, word)] += 1

    def _count(self, st: StatPetition, dim: str, category: str, value: str, sign: int) -> None:
        for region in self.tree.ancestors(st.region_code):
            for grain, bucket in buckets(st.received_on):
                c = self.counts[(region, dim, grain, bucket, category, value)]
                c["petitions"] += sign
                c["people"] += sign * st.people

    def _count_status(self, st: StatPetition, status: str, sign: int) -> None:
        for region in self.tree.ancestors(st.region_code):
            c = self.status[(region, st.category_code, status)]
            c["petitions"] += sign
            c["people"] += sign * st.people

    def _move_department(self, st: StatPetition, department: str) -> None:
        if department == st.department:
            return
        major = st.category_code[:2]
        self._count(st, "department", major, st.department, -1)
        st.department = department
        self._count(st, "department", major, department, +1)
