"""The watchers' reads: light counts, the red list, a department's view, instruction cases
and rates, each cut to what the caller may see. Lights are worked out from today."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from sqlalchemy import Engine, and_, or_

from services.supervision.application import case_reads
from services.supervision.domain.access import Caller
from services.supervision.domain.errors import EndBeforeStart, NoSuchPetition
from services.supervision.domain.lights import LightRules
from services.supervision.tables import cases
from shared.clock import Clock

Grouping = Literal["region", "department", "category"]


def _sql_scope(caller: Caller, region: str | None) -> Any:
    """``Caller.watches`` of a running deadline as a SQL condition, for the light counts: the
    database filters before it groups, instead of Python after."""
    c = cases.c
    hidden = caller.hidden()
    conditions = [case_reads.not_hidden(hidden)] if hidden else []
    if not caller.everywhere:
        mine = sorted(caller.tree.subtree(caller.principal.org))
        conditions.append(or_(c.region_code.in_(mine), c.step_org.in_(mine)))
    if region is not None:
        conditions.append(c.region_code.in_(sorted(caller.tree.subtree(region))))
    return and_(*conditions) if conditions else None


def lights(
    engine: Engine,
    clock: Clock,
    caller: Caller,
    rules: LightRules,
    by: Grouping,
    region: str | None,
) -> dict[str, Any]:
    scope = _sql_scope(caller, region)
    today = clock.today()
    with engine.connect() as conn:
        groups = case_reads.light_counts(conn, today, rules, by, scope)
    return {"today": today, "by": by, "groups": groups}


def red_list(
    engine: Engine, clock: Clock, caller: Caller, rules: LightRules, region: str | None
) -> dict[str, Any]:
    today = clock.today()
    with engine.connect() as conn:
        found = case_reads.red_list(conn, today, rules)
    return {"today": today, "items": [caller.shown(r) for r in found if caller.watches(r, region)]}


def department_view(
    engine: Engine,
    clock: Clock,
    caller: Caller,
    rules: LightRules,
    department: str,
    petition_id: str | None = None,
) -> dict[str, Any]:
    """The department's running deadlines and the urgings on it (with ``petition_id``, that
    petition's only), as far as the caller may read them."""
    caller.check_reads_department(department)
    today, hidden = clock.today(), caller.hidden()
    with engine.connect() as conn:
        found = case_reads.department_view(
            conn, department, today, rules, hidden, caller.owner, petition_id
        )
    found["deadlines"] = [caller.shown(r) for r in found["deadlines"]]
    return {"department": department, "today": today, **found}


def instructions(
    engine: Engine, clock: Clock, caller: Caller, petition_id: str | None = None
) -> dict[str, Any]:
    """The instruction cases of the caller's region (a case owner: of the cases it owns);
    with ``petition_id``, those of that petition only."""
    today = clock.today()
    with engine.connect() as conn:
        found = case_reads.instructions(conn, today, petition_id)
    return {"today": today, "items": [caller.shown(r) for r in found if caller.follows(r)]}


def pauses(engine: Engine, caller: Caller, petition_id: str) -> dict[str, Any]:
    """The pauses and resumes of a petition's clock, for those who follow the petition; a
    petition supervision does not know and one outside the caller's scope answer alike."""
    with engine.connect() as conn:
        case = case_reads.case(conn, petition_id)
        if case is None or not caller.follows(case):
            raise NoSuchPetition()
        found = case_reads.pauses(conn, petition_id)
    return {"petition_id": petition_id, "items": found}


def rates(
    engine: Engine, caller: Caller, start: date, end: date, region: str | None
) -> dict[str, Any]:
    if end < start:
        raise EndBeforeStart()
    with engine.connect() as conn:
        found = case_reads.rates(conn, start, end, lambda r: caller.watches(r, region))
    return {"region": region, "start": start, "end": end, **found}
