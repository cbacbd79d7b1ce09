"""Satisfaction figures for a period, grouped by department, region (rolled up the region
tree), category (major or minor) or month. One grouped query per view; rates in Python."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, func, literal, select

from services.feedback.domain.model import Pair
from services.feedback.domain.orgs import region_chain
from services.feedback.tables import ratings
from shared.refdata import ReferenceData

By = Literal["department", "region", "category", "major", "month"]


def _grouped(conn: Connection, key: Any, start: date, end: date) -> list[Any]:
    c = ratings.c
    q = (
        select(key.label("k"), c.unit_rating, c.result_rating, func.count().label("n"))
        .where(c.rated_on >= start, c.rated_on <= end)
        .group_by(key, c.unit_rating, c.result_rating)
    )
    return list(conn.execute(q))


def _fold(rows: list[Any], keys_of: Callable[[Any], list[str]]) -> dict[str, Pair]:
    found: dict[str, Pair] = {}
    for row in rows:
        for key in keys_of(row.k):
            pair = found.setdefault(key, Pair())
            pair.unit.add(row.unit_rating, row.n)
            pair.result.add(row.result_rating, row.n)
    return found


def tallies(
    conn: Connection, by: By, start: date, end: date, refdata: ReferenceData
) -> dict[str, Pair]:
    """Each group's tallies; a region's include every region below it."""
    c = ratings.c
    if by == "department":
        return _fold(_grouped(conn, c.department, start, end), lambda k: [k])
    if by == "region":
        tree = refdata.org_tree
        return _fold(_grouped(conn, c.region_code, start, end), lambda k: region_chain(tree, k))
    if by == "category":
        return _fold(_grouped(conn, c.category_code, start, end), lambda k: [k])
    if by == "major":
        return _fold(_grouped(conn, c.category_code, start, end), lambda k: [k[:2]])
    return _fold(_grouped(conn, c.rated_on, start, end), lambda k: [_month(k)])


def overall(conn: Connection, start: date, end: date) -> Pair:
    found = _fold(_grouped(conn, literal("all"), start, end), lambda k: ["all"])
    return found.get("all", Pair())


def _month(value: Any) -> str:
    # SQLite hands back a date, or text when grouped; either starts with YYYY-MM.
    return str(value)[:7]
