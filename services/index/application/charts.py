"""Custom charts (定制图表, issue 17): a chart's figures, read through the statistics and the
scorecards (never new sums over the facts), so a chart says the numbers the cockpit and the
stats API say; the saved charts (a command-side table, never emptied by a rebuild); and a
chart as an Excel workbook."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import Engine, delete, or_, select, update

from services.index.application.scorecards import Scorer
from services.index.application.stats import Statistics, StatsQuery
from services.index.domain import charts as dc
from services.index.domain import stat_periods as sp
from services.index.domain.access import ensure_may_read
from services.index.domain.errors import Refused, Unknown
from services.index.domain.model import Model
from services.index.domain.periods import Period, month_of
from services.index.tables import charts as charts_table
from shared.auth.roles import Principal
from shared.refdata import ReferenceData


@dataclass(frozen=True)
class Definition:
    """What a chart picks: a measure, a dimension, a chart type, the region, the period (a
    day in it, or a custom range) and an optional major or minor category."""

    measure: str
    dimension: str
    chart_type: str
    region: str
    kind: sp.Kind = "month"
    day: date | None = None
    to: date | None = None
    category: str | None = None

    def stats_query(self, region: str | None = None) -> StatsQuery:
        return StatsQuery(region or self.region, self.kind, self.day, self.to, self.category)


Bucket = tuple[str, str, date, date]  # key, name, first day, last day


class ChartData:
    def __init__(
        self, engine: Engine, data: ReferenceData, model: Model, today: Callable[[], date]
    ) -> None:
        self.data = data
        self.stats = Statistics(engine, data, today)
        self.scorer = Scorer(engine, data, model)
        self.today = today

    def _window(self, principal: Principal, d: Definition) -> sp.Window:
        if d.region not in self.data.regions:
            raise Unknown(f"no region {d.region!r}")
        ensure_may_read(principal, d.region, self.data.org_tree)
        try:
            return sp.make_window(d.kind, d.day or self.today(), d.to)
        except ValueError as exc:
            raise Refused(str(exc)) from None

    def check(self, principal: Principal, d: Definition) -> None:
        """A chart that can be drawn, of a region the caller may read (before it is saved)."""
        dc.check(d.measure, d.dimension, d.chart_type, d.category)
        self._window(principal, d)

    def figures(self, principal: Principal, d: Definition) -> dict[str, Any]:
        m = dc.check(d.measure, d.dimension, d.chart_type, d.category)
        window = self._window(principal, d)  # the scope first, as every read of a region
        if m.source == "count":
            rows = self._counts(principal, d, m, window)
        elif m.source == "rate":
            rows = self._rates(principal, d, m, window)
        else:
            rows = self._index(d, window)
        region_name = self.data.region_name(d.region)
        return {
            "title": dc.title(region_name, period_text(window), m, d.dimension),
            "measure": m.key,
            "measure_name": m.name,
            "dimension": d.dimension,
            "dimension_name": dc.DIMENSION_NAMES[d.dimension],
            "chart_type": d.chart_type,
            "unit": m.unit,
            "good": m.good,
            "region": d.region,
            "region_name": region_name,
            "category": d.category,
            "category_name": self.data.category_name(d.category) if d.category else None,
            "period": {"kind": window.kind, "start": window.start, "end": window.end},
            "period_text": period_text(window),
            "rows": rows,
        }

    # -- the three sources ---------------------------------------------------------------

    def _counts(
        self, principal: Principal, d: Definition, m: dc.Measure, w: sp.Window
    ) -> list[dict[str, Any]]:
        by: Any
        if d.dimension == "category":
            by = "minor" if d.category else "major"
        elif d.dimension == "period":
            by = grain(w)
        else:
            by = d.dimension
        body = self.stats.counts(principal, by, d.stats_query())
        return [
            {"key": i["key"], "name": i["name"], "value": i[m.key]}
            for i in body["items"]
            if d.dimension == "period" or i["petitions"] or i["people"]
        ]

    def _rates(
        self, principal: Principal, d: Definition, m: dc.Measure, w: sp.Window
    ) -> list[dict[str, Any]]:
        def value(q: StatsQuery) -> float | None:
            body = self.stats.rates(principal, q)
            raw = next(r["value"] for r in body["rates"] if r["key"] == m.key)
            return dc.display_value(m, raw)

        rows: list[dict[str, Any]] = []
        if d.dimension == "region":
            for code in self._children(d.region):
                rows.append(
                    {
                        "key": code,
                        "name": self.data.region_name(code),
                        "value": value(d.stats_query(code)),
                    }
                )
        elif d.dimension == "category":
            for code in self._categories(d.category):
                v = value(StatsQuery(d.region, d.kind, d.day, d.to, code))
                if v is not None:  # a category nobody petitioned about is left out
                    rows.append({"key": code, "name": self.data.category_name(code), "value": v})
        else:
            for key, name, lo, hi in buckets(w):
                v = value(StatsQuery(d.region, "custom", lo, hi, d.category))
                rows.append({"key": key, "name": name, "value": v})
        return rows

    def _index(self, d: Definition, w: sp.Window) -> list[dict[str, Any]]:
        if d.dimension == "region":
            cards = self.scorer.regions(scorer_period(w), root=d.region)
            return [
                {
                    "key": code,
                    "name": self.data.region_name(code),
                    "value": round(float(cards[code]["total"]), 2),
                }
                for code in self._children(d.region)
                if code in cards
            ]
        rows = []
        for key, name, lo, hi in buckets(w):
            card = self.scorer.get("region", d.region, scorer_period(sp.Window("custom", lo, hi)))
            rows.append({"key": key, "name": name, "value": round(float(card["total"]), 2)})
        return rows

    def _children(self, region: str) -> list[str]:
        """The regions just below (a township: itself)."""
        below = self.data.org_tree.children.get(region, ())
        return sorted(below) or [region]

    def _categories(self, category: str | None) -> list[str]:
        if category is None:
            return sorted(self.data.majors)
        major = self.data.majors.get(category)
        if major is None:
            if category not in self.data.minors:
                raise Refused(f"unknown category {category!r}", zh="没有这个问题分类")
            return [category]
        return [mi.code for mi in major.minors]


# -- periods ---------------------------------------------------------------------------------


def grain(w: sp.Window) -> str:
    """A period's points: days for up to two months, months beyond."""
    return "day" if w.days <= 62 else "month"


def buckets(w: sp.Window) -> list[Bucket]:
    out: list[Bucket] = []
    if grain(w) == "day":
        day = w.start
        while day <= w.end:
            out.append((day.isoformat(), f"{day.year}年{day.month}月{day.day}日", day, day))
            day += timedelta(days=1)
        return out
    first = w.start.replace(day=1)
    while first <= w.end:
        month = month_of(first)
        lo, hi = max(month.start, w.start), min(month.end, w.end)
        out.append((first.isoformat(), f"{first.year}年{first.month}月", lo, hi))
        first = month.end + timedelta(days=1)
    return out


def scorer_period(w: sp.Window) -> Period:
    """The scorecards' period for a window: a day, week or month as itself, a whole calendar
    month as the month, anything else a custom range."""
    if w.kind in ("day", "week", "month"):
        return Period(w.kind, w.start, w.end)
    month = month_of(w.start)
    if (month.start, month.end) == (w.start, w.end):
        return month
    if w.start == w.end:
        return Period("day", w.start, w.end)
    return Period("custom", w.start, w.end)


def period_text(w: sp.Window) -> str:
    s, e = w.start, w.end
    if w.kind == "day" or s == e:
        return f"{s.year}年{s.month}月{s.day}日"
    if w.kind == "month":
        return f"{s.year}年{s.month}月"
    if w.kind == "year":
        return f"{s.year}年"
    return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"


# -- saved charts ----------------------------------------------------------------------------


class SavedCharts:
    """A chart saved under a name by its owner, seen by the owner and, when shared, by the
    owner's org. Anyone else is told there is no such chart."""

    def __init__(self, engine: Engine, now: Callable[[], datetime] | None = None) -> None:
        self.engine = engine
        self.now = now or (lambda: datetime.now(UTC))

    def list(self, principal: Principal) -> list[dict[str, Any]]:
        t = charts_table
        q = (
            select(t)
            .where(
                or_(
                    t.c.owner == principal.user_id,
                    (t.c.shared.is_(True)) & (t.c.owner_org == principal.org),
                )
            )
            .order_by(t.c.updated_at.desc(), t.c.chart_id)
        )
        with self.engine.connect() as conn:
            return [_row(r._mapping, principal) for r in conn.execute(q)]

    def get(self, principal: Principal, chart_id: str) -> dict[str, Any]:
        t = charts_table
        with self.engine.connect() as conn:
            found = conn.execute(select(t).where(t.c.chart_id == chart_id)).first()
        if found is None:
            raise dc.ChartNotFound(f"no chart {chart_id!r}")
        row = found._mapping
        mine = row["owner"] == principal.user_id
        if not mine and not (row["shared"] and row["owner_org"] == principal.org):
            raise dc.ChartNotFound(f"no chart {chart_id!r}")
        return _row(row, principal)

    def create(
        self, principal: Principal, name: str, shared: bool, definition: dict[str, Any]
    ) -> dict[str, Any]:
        now = self.now()
        chart_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                charts_table.insert().values(
                    chart_id=chart_id,
                    name=name,
                    owner=principal.user_id,
                    owner_name=principal.name or "",
                    owner_org=principal.org,
                    shared=shared,
                    definition=json.dumps(definition, ensure_ascii=False, default=str),
                    created_at=now,
                    updated_at=now,
                )
            )
        return self.get(principal, chart_id)

    def change(
        self,
        principal: Principal,
        chart_id: str,
        name: str | None,
        shared: bool | None,
        definition: dict[str, Any] | None,
    ) -> dict[str, Any]:
        self._own(principal, chart_id)
        values: dict[str, Any] = {"updated_at": self.now()}
        if name is not None:
            values["name"] = name
        if shared is not None:
            values["shared"] = shared
        if definition is not None:
            values["definition"] = json.dumps(definition, ensure_ascii=False, default=str)
        with self.engine.begin() as conn:
            conn.execute(
                update(charts_table).where(charts_table.c.chart_id == chart_id).values(**values)
            )
        return self.get(principal, chart_id)

    def remove(self, principal: Principal, chart_id: str) -> None:
        self._own(principal, chart_id)
        with self.engine.begin() as conn:
            conn.execute(delete(charts_table).where(charts_table.c.chart_id == chart_id))

    def _own(self, principal: Principal, chart_id: str) -> None:
        chart = self.get(principal, chart_id)  # another's unshared chart: not found
        if not chart["mine"]:
            raise dc.ChartNotYours(f"chart {chart_id!r} is not yours")


def _row(row: Any, principal: Principal) -> dict[str, Any]:
    return {
        "id": row["chart_id"],
        "name": row["name"],
        "owner": row["owner"],
        "owner_name": row["owner_name"],
        "owner_org": row["owner_org"],
        "shared": bool(row["shared"]),
        "mine": row["owner"] == principal.user_id,
        "definition": json.loads(row["definition"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


# -- Excel -----------------------------------------------------------------------------------


def workbook(figures: dict[str, Any], name: str | None = None) -> bytes:
    """The chart as a workbook: its title, period, unit and filters above its rows, with
    Chinese headers (the same rows the page draws)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "图表数据"
    bold = Font(bold=True)
    ws.append([name or figures["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["标题", figures["title"]])
    ws.append(["地区", figures["region_name"]])
    ws.append(["时期", figures["period_text"]])
    ws.append(["问题分类", figures["category_name"] or "全部"])
    ws.append(["指标", figures["measure_name"]])
    ws.append(["单位", figures["unit"]])
    ws.append([])
    header = [figures["dimension_name"], f"{figures['measure_name']}（{figures['unit']}）", "代码"]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for r in figures["rows"]:
        ws.append([r["name"], r["value"], r["key"]])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 14
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
