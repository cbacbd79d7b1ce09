"""The surge window and the surges raised now, read from the facts and the surge table (the
rules that judge them are ``domain.surges``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from services.index.domain.access import ensure_may_read
from services.index.domain.surges import Window
from services.index.tables import facts, surges
from shared.auth.roles import Principal
from shared.refdata import OrgTree


def window_counts(conn: Connection, tree: OrgTree, end: date, days: int) -> Window:
    start = end - timedelta(days=days - 1)
    q = (
        select(facts.c.region_code, facts.c.category_code, func.sum(facts.c.registered))
        .where(facts.c.day.between(start, end))
        .group_by(facts.c.region_code, facts.c.category_code)
    )
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for region, category, n in conn.execute(q):
        n = int(n or 0)
        for code in tree.ancestors(region):
            counts[code].update({category: n, category[:2]: n})
            totals[code] += n
    return Window(start, end, counts, totals)


def active_surges(conn: Connection) -> set[tuple[str, str]]:
    q = select(surges.c.region_code, surges.c.category_code).where(surges.c.active.is_(True))
    return {(r, c) for r, c in conn.execute(q)}


def list_surges(engine: Engine, tree: OrgTree, principal: Principal, region: str) -> dict[str, Any]:
    """The surges raised now in a region's subtree."""
    ensure_may_read(principal, region, tree)
    q = select(surges).where(surges.c.active.is_(True))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    return {"items": [r for r in rows if tree.is_within(r["region_code"], region)]}
