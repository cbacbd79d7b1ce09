"""Sum the facts for a period: every region at once (leaf counts rolled up the tree) or every
department. One grouped query per call, so scoring all regions costs one scan of the period."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import Connection, and_, case, func, select

from services.index.domain.metrics import COUNTERS
from services.index.domain.orgs import regions_within
from services.index.tables import disputes, facts, qualitative
from shared.refdata import OrgTree

Totals = dict[str, Counter[str]]


def region_sums(
    conn: Connection, tree: OrgTree, start: date, end: date, root: str | None = None
) -> Totals:
    """Totals of every region (or of ``root``'s subtree only), each including its subtree."""
    q = (
        select(facts.c.region_code, *(func.sum(facts.c[n]) for n in COUNTERS))
        .where(facts.c.day.between(start, end))
        .group_by(facts.c.region_code)
    )
    if root is not None:
        q = q.where(facts.c.region_code.in_(regions_within(tree, root)))
    totals: Totals = defaultdict(Counter)
    for region, *values in conn.execute(q):
        own = {n: int(v or 0) for n, v in zip(COUNTERS, values, strict=True)}
        for code in tree.ancestors(region):
            totals[code].update(own)
    _add_disputes(conn, tree, start, end, totals)
    return totals


def department_sums(conn: Connection, start: date, end: date) -> Totals:
    q = (
        select(facts.c.department, *(func.sum(facts.c[n]) for n in COUNTERS))
        .where(facts.c.day.between(start, end), facts.c.department != "")
        .group_by(facts.c.department)
    )
    totals: Totals = defaultdict(Counter)
    for dept, *values in conn.execute(q):
        totals[dept].update({n: int(v or 0) for n, v in zip(COUNTERS, values, strict=True)})
    return totals


def _add_disputes(conn: Connection, tree: OrgTree, start: date, end: date, totals: Totals) -> None:
    """Disputes found in the period, and those of them resolved by its end (化解率)."""
    done = and_(disputes.c.status == "resolved", disputes.c.status_on <= end)
    resolved = func.sum(case((done, 1), else_=0))
    q = (
        select(disputes.c.region_code, func.count(), resolved)
        .where(disputes.c.found_on.between(start, end))
        .group_by(disputes.c.region_code)
    )
    for region, found, n_resolved in conn.execute(q):
        counts = {"disputes_found": int(found), "disputes_resolved": int(n_resolved or 0)}
        for code in tree.ancestors(region):
            totals[code].update(counts)


def staff_scores(conn: Connection, end: date) -> dict[str, dict[str, float]]:
    """region -> factor -> the latest staff score in force on ``end``."""
    latest = (
        select(
            qualitative.c.region_code,
            qualitative.c.factor_id,
            func.max(qualitative.c.effective_on).label("on"),
        )
        .where(qualitative.c.effective_on <= end)
        .group_by(qualitative.c.region_code, qualitative.c.factor_id)
        .subquery()
    )
    q = select(qualitative.c.region_code, qualitative.c.factor_id, qualitative.c.score).join(
        latest,
        and_(
            qualitative.c.region_code == latest.c.region_code,
            qualitative.c.factor_id == latest.c.factor_id,
            qualitative.c.effective_on == latest.c.on,
        ),
    )
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for region, factor, score in conn.execute(q):
        found[region][factor] = float(score)
    return found
