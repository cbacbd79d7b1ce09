"""Rebuild the ``petitions`` table from intake's own events table (the source of truth).

Uses the same ``row_after`` as the live write; the result must equal the live table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, delete, insert, select

from services.intake.domain import PetitionState, apply
from services.intake.projections.rows import Row, row_after
from services.intake.tables import petitions
from shared.eventstore.store import EventStore

_BATCH = 2000


def rebuild_from_events(engine: Engine) -> int:
    """Empty the table and replay every event in global order; return the rows written."""
    store = EventStore(engine)
    states: dict[str, PetitionState] = {}
    rows: dict[str, Row] = {}
    after = 0
    while batch := store.read_all(after=after, limit=_BATCH):
        for env in batch:
            state = apply(states.get(env.stream_id, PetitionState()), env.payload)
            states[env.stream_id] = state
            rows[env.stream_id] = row_after(rows.get(env.stream_id), state, env)
        after = batch[-1].global_position or after
    with engine.begin() as conn:
        conn.execute(delete(petitions))
        values = list(rows.values())
        for start in range(0, len(values), _BATCH):
            conn.execute(insert(petitions), values[start : start + _BATCH])
    return len(rows)


def snapshot(engine: Engine) -> list[dict[str, Any]]:
    """Every row, ordered by id: what a rebuild must reproduce."""
    with engine.connect() as conn:
        return [
            dict(r) for r in conn.execute(select(petitions).order_by(petitions.c.id)).mappings()
        ]
