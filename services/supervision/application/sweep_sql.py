"""The light of every running deadline as SQL: the same rule as ``lights.light``, in integer
day numbers, so one statement finds what changed among 100,000 open deadlines."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, exists, literal, or_, select

from services.supervision.domain.lights import LightRules
from services.supervision.tables import cases, signals, steps


def light_expr(today: date, rules: LightRules) -> Any:
    c = cases.c
    day = today.toordinal()
    paused_now = case(
        (and_(c.paused_since_day.is_not(None), c.paused_since_day < day), day - c.paused_since_day),
        else_=0,
    )
    left = c.due_day + c.paused_days + paused_now - day
    span = case((c.due_day > c.step_start_day, c.due_day - c.step_start_day), else_=0)
    period = span + c.paused_days
    return case(
        (left < 0, literal("red")),
        (
            or_(left <= rules.yellow_days, left * 100 <= rules.yellow_share_pct * period),
            literal("yellow"),
        ),
        else_=literal("green"),
    )


def changed_lights(today: date, rules: LightRules) -> Any:
    """Running deadlines whose light is yellow or red and not yet signalled at that light."""
    c, s = cases.c, signals.c
    lit = light_expr(today, rules)
    sent = exists().where(
        s.petition_id == c.petition_id, s.step == c.step, s.due_on == c.due_on, s.light == lit
    )
    return (
        select(cases, lit.label("light"))
        .where(c.is_open, c.step.is_not(None), lit != "green", ~sent)
        .order_by(c.petition_id)
    )


def late_unsignalled() -> Any:
    """Steps that ended after their deadline while nobody signalled it (downtime)."""
    t, s = steps.c, signals.c
    sent = exists().where(
        s.petition_id == t.petition_id, s.step == t.step, s.due_on == t.due_on, s.light == "red"
    )
    c = cases.c
    about = (c.tracking_code, c.region_code, c.category_code, c.received_on, c.petitioner_key)
    return (
        select(steps, *about)
        .select_from(steps.outerjoin(cases, c.petition_id == t.petition_id))
        .where(t.met.is_(False), ~sent)
        .order_by(t.petition_id, t.seq)
    )
