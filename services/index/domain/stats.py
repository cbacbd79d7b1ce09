"""The statistics fold (issue 17): petition events -> counts of petitions (件次) and of people
(人次: a collective petition counts its headcount), in memory, no I/O.

Every count is filed under the day the petition was received and under the first of that
month (two grains: a year is read from twelve month rows, a custom range from its months and
the days at its edges), and under the petition's region and every region above it, so any
region's count is its own rows, never a sum over its subtree at query time. Dimensions:

- ``total`` (value ``""``) and ``profile`` (value ``channel|kind|level``, the level the
  petition was received at: one row where three dimensions would make three; a read by
  channel sums its profiles), keyed by the minor category (the major is its first two
  digits);
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

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.index.domain.fold import Tree
from shared.auth.scope import reporting_region
from shared.schemas import petition as p

DAY, MONTH = "d", "m"
DIMS = ("total", "profile", "department")
PROFILE_PARTS = ("channel", "kind", "level")  # the order of a profile's parts
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

    def row(self) -> tuple[str, str, str, date, int, str, str]:
        """In the table's column order (not dataclasses.astuple: a rebuild writes one per
        petition per batch)."""
        return (
            self.petition_id,
            self.region_code,
            self.category_code,
            self.received_on,
            self.people,
            self.department,
            self.status,
        )


# The status each event leaves a petition in: intake's ``domain.state.Status`` values
# (services never import one another, so the mapping is restated here). For these the type
# says it all, so the projection need not decode them (a reply is the longest event there is).
STATUS_BY_TYPE: dict[str, str] = {
    "petition.registered": "registered",
    "petition.assigned": "assigned",
    "petition.returned": "returned",
    "petition.accepted": "accepted",
    "petition.not_accepted": "not_accepted",
    "petition.replied": "replied",
    "petition.closed": "closed",
    "petition.withdrawn": "withdrawn",
}
# What the fold reads of a payload: the registration, the department, the review's stage.
DECODED = frozenset(
    {
        "petition.registered",
        "petition.assigned",
        "petition.returned",
        "petition.review_requested",
        "petition.review_decided",
    }
)
WATCHED = DECODED | STATUS_BY_TYPE.keys()


def _status(event_type: str, payload: Any) -> str | None:
    if isinstance(payload, p.ReviewRequested):
        return "under_review" if payload.stage == "review" else "under_re_review"
    if isinstance(payload, p.ReviewDecided):
        return "reviewed" if payload.stage == "review" else "re_reviewed"
    return STATUS_BY_TYPE.get(event_type)


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
        # [petitions, people] deltas: plain lists, the fold's hottest path (a rebuild makes
        # some forty of these per petition).
        self.counts: dict[CountKey, list[int]] = {}
        self.status: dict[StatusKey, list[int]] = {}
        self.word_counts: Counter[WordKey] = Counter()
        self.dirty: set[str] = set()
        self._chains: dict[str, tuple[str, ...]] = {}
        # petition -> its department and status before the batch (None, "": not counted yet)
        self._before: dict[str, tuple[str | None, str]] = {}

    def _chain(self, region: str) -> tuple[str, ...]:
        chain = self._chains.get(region)
        if chain is None:
            chain = self._chains[region] = tuple(self.tree.ancestors(region))
        return chain

    def apply(self, event: Any) -> None:
        """Fold one event: a decoded one, or for a status alone the projection's stand-in
        (``shared.consumer.peek.Skipped``: its type and stream, no payload)."""
        payload = event.payload
        if isinstance(payload, p.PetitionRegistered):
            self._registered(event.stream_id, payload)
            return
        st = self.states.get(event.stream_id)
        if st is None:
            return  # a stream whose registration the index never counted
        self._touch(st)
        if isinstance(payload, p.PetitionAssigned):
            st.department = payload.department
        elif isinstance(payload, p.PetitionReturned):
            st.department = UNASSIGNED
        status = _status(event.event_type, payload)
        if status is not None:
            st.status = status

    def _touch(self, st: StatPetition, new: bool = False) -> None:
        """Remember where a petition's department and status stood before this batch: the
        counts move once per petition per batch (``settle``), not once per event."""
        if st.petition_id not in self.dirty:
            self.dirty.add(st.petition_id)
            self._before[st.petition_id] = (None, "") if new else (st.department, st.status)

    def settle(self) -> None:
        """Move the department and status counts of every petition the batch changed."""
        for pid, (department, status) in self._before.items():
            st = self.states[pid]
            if department != st.department:
                major = st.category_code[:2]
                if department is not None:
                    self._count(st, "department", major, department, -1)
                self._count(st, "department", major, st.department, +1)
            if status != st.status:
                if status:
                    self._count_status(st, status, -1)
                self._count_status(st, st.status, +1)
        self._before.clear()

    def _registered(self, pid: str, e: p.PetitionRegistered) -> None:
        if pid in self.states:
            return  # registered once; a second registration would double-count
        region: str | None = e.region_code
        if e.accused_org is not None:
            region = reporting_region(self._chain(e.region_code), e.accused_org, self.tree)
        if region is None:
            return  # the whole chain is of the accused unit: nobody may count it
        people = e.headcount if e.collective else 1
        st = StatPetition(pid, region, e.category_code, e.received_on, people, UNASSIGNED, "")
        self.states[pid] = st
        self._touch(st, new=True)  # ``settle`` counts its department and status
        minor = e.category_code
        self._count(st, "total", minor, "", +1)
        profile = f"{e.channel.value}|{e.kind.value}|{e.receiving_level.value}"
        self._count(st, "profile", minor, profile, +1)
        st.status = "registered"
        if e.kind is not p.Kind.ACCUSATION:  # never the words of an accusation
            found = set(self.words(e.title))
            for region_code in self._chain(region):
                for grain, bucket in buckets(e.received_on):
                    for word in found:
                        self.word_counts[(region_code, grain, bucket, word)] += 1

    def _count(self, st: StatPetition, dim: str, category: str, value: str, sign: int) -> None:
        people = sign * st.people
        counts = self.counts
        day = st.received_on
        month = day.replace(day=1)
        for region in self._chain(st.region_code):
            for key in (
                (region, dim, DAY, day, category, value),
                (region, dim, MONTH, month, category, value),
            ):
                c = counts.get(key)
                if c is None:
                    counts[key] = [sign, people]
                else:
                    c[0] += sign
                    c[1] += people

    def _count_status(self, st: StatPetition, status: str, sign: int) -> None:
        people = sign * st.people
        for region in self._chain(st.region_code):
            key = (region, st.category_code, status)
            c = self.status.get(key)
            if c is None:
                self.status[key] = [sign, people]
            else:
                c[0] += sign
                c[1] += people
