"""The statistics' reads (issue 17): counts by a dimension, the rates, the hot words of a
region and period, each checked against the caller's scope first. Every count is read from
rows already rolled up to the region (``domain.stats``), so a year is a few thousand rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import Column, ColumnElement, Connection, Engine, Table, and_, func, select

from services.index.domain import stat_periods as sp
from services.index.domain.access import ensure_may_read
from services.index.domain.errors import Refused, Unknown
from services.index.domain.metrics import COUNTERS, METRICS
from services.index.domain.periods import week_of
from services.index.domain.rates import RATES
from services.index.domain.stats import DAY, PROFILE_PARTS, STATUS_NAMES, UNASSIGNED
from services.index.tables import fact_rollup, stat_counts, stat_status, stat_words
from shared.auth.roles import Principal
from shared.refdata import ReferenceData

By = Literal[
    "region",
    "major",
    "minor",
    "channel",
    "kind",
    "level",
    "department",
    "status",
    "day",
    "week",
    "month",
]
SERIES = ("day", "week", "month")
Pair = tuple[int, int]  # petitions (件次), people (人次)


@dataclass(frozen=True)
class StatsQuery:
    """What a request asks: the region, the period (a day in it, or a custom range) and an
    optional major or minor category."""

    region: str
    kind: sp.Kind = "month"
    day: date | None = None
    to: date | None = None
    category: str | None = None


class Statistics:
    def __init__(self, engine: Engine, data: ReferenceData, today: Callable[[], date]) -> None:
        self.engine = engine
        self.data = data
        self.today = today

    # -- checks -------------------------------------------------------------------------

    def _window(self, principal: Principal, q: StatsQuery) -> sp.Window:
        if q.region not in self.data.regions:
            raise Unknown(f"no region {q.region!r}")
        ensure_may_read(principal, q.region, self.data.org_tree)
        if q.category is not None and q.category not in (*self.data.majors, *self.data.minors):
            raise Refused(f"unknown category {q.category!r}", zh="没有这个问题分类")
        try:
            return sp.make_window(q.kind, q.day or self.today(), q.to)
        except ValueError as exc:
            raise Refused(str(exc)) from None

    def _categories(self, category: str | None) -> list[str] | None:
        """The stored category codes a filter takes in (a major: itself and its minors)."""
        if category is None:
            return None
        major = self.data.majors.get(category)
        return [category, *(m.code for m in major.minors)] if major else [category]

    # -- counts -------------------------------------------------------------------------

    def counts(self, principal: Principal, by: By, q: StatsQuery) -> dict[str, Any]:
        window = self._window(principal, q)
        if by == "department" and q.category is not None and len(q.category) != 2:
            raise Refused(
                "counts by department take a major category only",
                zh="按承办单位统计时只能按问题大类筛选",
            )
        before, year_ago = window.compared(self.today())
        with self.engine.connect() as conn:
            read = _Reader(conn, self.data, q.region, self._categories(q.category))
            total = {w: read.total(w) for w in (window, before, year_ago)}
            if by == "status":
                now, prev, ago = read.status(), None, None
            elif by in SERIES:
                # A series sets each bucket beside the same bucket a year earlier, the whole
                # of last year: the months still to come are there to see.
                now, prev = read.series(by, window), None
                ago = _shifted(by, read.series(by, window.year_ago()))
            else:
                now, prev, ago = (read.grouped(by, w) for w in (window, before, year_ago))
        if by in SERIES:  # every bucket of the period, empty ones too: a chart's axis
            keys = _series_keys(by, window)
        else:
            keys = sorted(set(now) | set(prev or {}) | set(ago or {}), key=_order(by, now))
        return {
            "region": q.region,
            "region_name": self.data.region_name(q.region),
            "by": by,
            "category": q.category,
            "period": _period(window),
            "previous_period": _period(before),
            "year_ago_period": _period(year_ago),
            "current_status": by == "status",
            "total": _item(
                q.region,
                self.data.region_name(q.region),
                total[window],
                total[before],
                total[year_ago],
            ),
            "items": [
                _item(
                    k,
                    self._name(by, k, q.region),
                    now.get(k, (0, 0)),
                    None if prev is None else prev.get(k, (0, 0)),
                    None if ago is None else ago.get(k, (0, 0)),
                )
                for k in keys
            ],
        }

    def _name(self, by: str, key: str, region: str) -> str:
        d = self.data
        if by == "region":
            return d.region_name(key) + ("（本级）" if key == region else "")
        if by in ("major", "minor"):
            return d.category_name(key)
        if by == "department":
            return "未交办" if key == UNASSIGNED else d.department_name(key)
        if by == "status":
            return STATUS_NAMES.get(key, key)
        if by in ("channel", "kind", "level"):
            entries: Any = {"channel": d.channels, "kind": d.kinds, "level": d.levels}[by]
            entry = next((e for code, e in entries.items() if code.value == key), None)
            return entry.name_zh if entry is not None else key
        day = date.fromisoformat(key)
        if by == "month":
            return f"{day.year}年{day.month}月"
        if by == "week":
            return f"{day.year}年{day.month}月{day.day}日起一周"
        return f"{day.year}年{day.month}月{day.day}日"

    # -- rates --------------------------------------------------------------------------

    def rates(self, principal: Principal, q: StatsQuery) -> dict[str, Any]:
        window = self._window(principal, q)
        before, year_ago = window.compared(self.today())
        with self.engine.connect() as conn:
            cats = self._categories(q.category)
            sums = {w: _rollup_sums(conn, q.region, w, cats) for w in (window, before, year_ago)}
        values = {w: {r.key: METRICS[r.metric](s) for r in RATES} for w, s in sums.items()}
        return {
            "region": q.region,
            "region_name": self.data.region_name(q.region),
            "category": q.category,
            "period": _period(window),
            "previous_period": _period(before),
            "year_ago_period": _period(year_ago),
            "registered": int(sums[window].get("registered", 0)),
            "rates": [
                {
                    "key": r.key,
                    "name": r.name,
                    "unit": r.unit,
                    "good": r.good,
                    "value": _round(values[window][r.key]),
                    "previous": _round(values[before][r.key]),
                    "year_ago": _round(values[year_ago][r.key]),
                    "previous_change": _change(values[window][r.key], values[before][r.key]),
                    "year_ago_change": _change(values[window][r.key], values[year_ago][r.key]),
                }
                for r in RATES
            ],
        }

    # -- hot words ----------------------------------------------------------------------

    def hot_words(self, principal: Principal, q: StatsQuery, limit: int) -> dict[str, Any]:
        window = self._window(principal, q)
        t = stat_words
        found: Counter[str] = Counter()
        with self.engine.connect() as conn:
            for span in _spans(t, window):
                query = (
                    select(t.c.word, func.sum(t.c.petitions))
                    .where(t.c.region_code == q.region, span)
                    .group_by(t.c.word)
                )
                found.update({w: int(c or 0) for w, c in conn.execute(query)})
        top = sorted(((w, c) for w, c in found.items() if c), key=lambda wc: (-wc[1], wc[0]))
        return {
            "region": q.region,
            "region_name": self.data.region_name(q.region),
            "period": _period(window),
            "items": [{"word": w, "petitions": c} for w, c in top[:limit]],
        }


class _Reader:
    """One connection's queries over the count and status rows of a region."""

    def __init__(
        self, conn: Connection, data: ReferenceData, region: str, cats: list[str] | None
    ) -> None:
        self.conn = conn
        self.data = data
        self.region = region
        self.cats = cats

    def _sum(
        self,
        dim: str,
        wheres: list[ColumnElement[bool]],
        group: Column[Any] | None,
        regions: Iterable[str] | None = None,
    ) -> dict[Any, Pair]:
        """One query per span of the window (``_spans``), added up."""
        found: dict[Any, Pair] = {}
        for where in wheres:
            for key, (n, p) in self._sum_one(dim, where, group, regions).items():
                before = found.get(key, (0, 0))
                found[key] = (before[0] + n, before[1] + p)
        return found

    def _sum_one(
        self,
        dim: str,
        where: ColumnElement[bool],
        group: Column[Any] | None,
        regions: Iterable[str] | None,
    ) -> dict[Any, Pair]:
        t = stat_counts
        cols = [func.sum(t.c.petitions), func.sum(t.c.people)]
        region = (
            t.c.region_code == self.region
            if regions is None
            else t.c.region_code.in_(sorted(regions))
        )
        q = select(*([group] if group is not None else []), *cols).where(
            t.c.dim == dim, region, where
        )
        if self.cats is not None:
            cats = self.cats if dim != "department" else sorted({c[:2] for c in self.cats})
            q = q.where(t.c.category_code.in_(cats))
        if group is not None:
            q = q.group_by(group)
        found: dict[Any, Pair] = {}
        for row in self.conn.execute(q):
            *key, petitions, people = row
            found[key[0] if key else None] = (int(petitions or 0), int(people or 0))
        return found

    def total(self, w: sp.Window) -> Pair:
        return self._sum("total", _spans(stat_counts, w), None).get(None, (0, 0))

    def grouped(self, by: str, w: sp.Window) -> dict[str, Pair]:
        t = stat_counts
        where = _spans(t, w)
        if by == "region":
            kids = self.data.org_tree.children.get(self.region, ())
            found = self._sum("total", where, t.c.region_code, kids)
            own = _minus(self.total(w), found.values())
            if own != (0, 0):
                found[self.region] = own  # filed under the region itself (本级)
            return found
        if by in ("major", "minor"):
            counts = self._sum("total", where, t.c.category_code)
            return _regroup(counts, (lambda c: c[:2]) if by == "major" else (lambda c: c))
        if by in PROFILE_PARTS:
            part = PROFILE_PARTS.index(by)
            return _regroup(self._sum("profile", where, t.c.value), lambda v: v.split("|")[part])
        return self._sum(by, where, t.c.value)

    def series(self, by: str, w: sp.Window) -> dict[str, Pair]:
        t = stat_counts
        if by == "month":
            counts = self._sum("total", _spans(t, w), t.c.bucket)
            return _regroup(counts, lambda d: d.replace(day=1).isoformat())
        days = and_(t.c.grain == DAY, t.c.bucket.between(w.start, w.end))
        counts = self._sum("total", [days], t.c.bucket)
        if by == "week":
            return _regroup(counts, lambda d: week_of(d).start.isoformat())
        return _regroup(counts, lambda d: d.isoformat())

    def status(self) -> dict[str, Pair]:
        t = stat_status
        q = (
            select(t.c.status, func.sum(t.c.petitions), func.sum(t.c.people))
            .where(t.c.region_code == self.region)
            .group_by(t.c.status)
        )
        if self.cats is not None:
            q = q.where(t.c.category_code.in_(self.cats))
        return {s: (int(n or 0), int(p or 0)) for s, n, p in self.conn.execute(q) if n or p}


def _spans(t: Table, w: sp.Window) -> list[ColumnElement[bool]]:
    """The window as one condition per grain's range: each is a range of the key's prefix
    (region, dim, grain, bucket), where one OR of them made the databases read every bucket
    of the region."""
    return [
        and_(t.c.grain == g, t.c.bucket.between(lo, hi)) for g, lo, hi in sp.spans(w.start, w.end)
    ]


def _rollup_sums(
    conn: Connection, region: str, w: sp.Window, cats: list[str] | None
) -> dict[str, float]:
    t = fact_rollup
    sums: Counter[str] = Counter()
    for span in _spans(t, w):
        q = select(*(func.sum(t.c[n]) for n in COUNTERS)).where(t.c.region_code == region, span)
        if cats is not None:
            q = q.where(t.c.category_code.in_(cats))
        row = conn.execute(q).one()
        sums.update({n: float(v or 0) for n, v in zip(COUNTERS, row, strict=True)})
    return dict(sums)


def _regroup(counts: dict[Any, Pair], key: Callable[[Any], str]) -> dict[str, Pair]:
    petitions: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for k, (n, p) in counts.items():
        petitions[key(k)] += n
        people[key(k)] += p
    return {k: (petitions[k], people[k]) for k in petitions if petitions[k] or people[k]}


def _minus(total: Pair, parts: Iterable[Pair]) -> Pair:
    n, p = total
    for pn, pp in parts:
        n, p = n - pn, p - pp
    return n, p


def _shifted(by: str, year_ago: dict[str, Pair]) -> dict[str, Pair]:
    """A year-ago series keyed by the bucket a year later, to sit beside this year's."""

    def later(key: str) -> str:
        day = date.fromisoformat(key)
        moved = (
            day.replace(year=day.year + 1)
            if not (day.month == 2 and day.day == 29)
            else (date(day.year + 1, 2, 28))
        )
        if by == "week":
            moved = week_of(moved + timedelta(days=3)).start
        return moved.isoformat()

    return _regroup({k: v for k, v in year_ago.items()}, later)


def _series_keys(by: str, w: sp.Window) -> list[str]:
    keys: dict[str, None] = {}
    day = w.start
    while day <= w.end:
        first = {"day": day, "week": week_of(day).start, "month": day.replace(day=1)}[by]
        keys.setdefault(first.isoformat(), None)
        day += timedelta(days=1)
    return list(keys)


def _order(by: str, now: dict[str, Pair]) -> Callable[[str], Any]:
    return lambda k: (-now.get(k, (0, 0))[0], k)  # the largest first


def _period(w: sp.Window) -> dict[str, Any]:
    return {"kind": w.kind, "start": w.start, "end": w.end}


def _item(key: str, name: str, now: Pair, prev: Pair | None, ago: Pair | None) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "petitions": now[0],
        "people": now[1],
        "previous": None if prev is None else _compare(now, prev),
        "year_ago": None if ago is None else _compare(now, ago),
    }


def _compare(now: Pair, then: Pair) -> dict[str, Any]:
    return {
        "petitions": then[0],
        "people": then[1],
        "petitions_change": _change(now[0], then[0]),
        "people_change": _change(now[1], then[1]),
    }


def _change(now: float | None, then: float | None) -> float | None:
    """The rate of change, (now - then) / then; None when there is nothing to compare to."""
    if now is None or then is None or then == 0:
        return None
    return round((now - then) / then, 4)


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)
