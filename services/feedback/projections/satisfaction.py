"""The satisfaction projection: who handled each petition, and every rating given.

A rating is attributed to the petition's region, category and the unit that handled it (the
last assigned department; the receiving org when nobody was assigned). An accusation's is
filed under the nearest region above its accused scope (``shared.auth.scope``): the figures
and ranks of one report are the same for every reader, so the accused region's own never
hold it, while every superior's roll-up is what it would have been. Rates are worked out
when read (``application.satisfaction_reads``), so any period can be asked for; only facts
are stored.

Batches are folded in memory: one SELECT of the batch's cases, one DELETE and INSERT of the
ones that changed, one INSERT of the ratings (what makes a rebuild fast). Dates come only
from the events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from services.feedback.domain.orgs import region_chain
from services.feedback.tables import ratings, sat_cases
from shared.auth.scope import reporting_region
from shared.consumer import InboundMessage, Projection
from shared.consumer.peek import decode_only
from shared.eventstore.bulk import chunks
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.petition import PetitionAssigned, PetitionRated, PetitionRegistered

NAME = "feedback-satisfaction"
_WATCHED = (PetitionRegistered, PetitionAssigned, PetitionRated)
WATCHED_TYPES = frozenset(t.model_fields["type"].default for t in _WATCHED)


class Satisfaction(Projection):
    tables = (sat_cases, ratings)

    def __init__(
        self, topics: Topics, name: str = NAME, refdata: ReferenceData | None = None
    ) -> None:
        self.name = name
        self.topics = (topics.petition_events,)
        self.tree = (refdata or load_refdata()).org_tree

    def decode(self, msg: InboundMessage) -> Any:
        return decode_only(msg, WATCHED_TYPES)

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        relevant = [e for e, _ in batch if isinstance(e.payload, _WATCHED)]
        if not relevant:
            return
        ids = sorted({e.stream_id for e in relevant})
        cases = _load(conn, ids)
        changed: set[str] = set()
        new_ratings: list[dict[str, Any]] = []
        for env in relevant:
            p = env.payload
            if isinstance(p, PetitionRegistered):
                region = reporting_region(
                    region_chain(self.tree, p.region_code), p.accused_org, self.tree
                )
                if region is None:
                    continue  # the whole chain is of the accused unit: nobody may count it
                cases[env.stream_id] = _case(env.stream_id, p, region)
                changed.add(env.stream_id)
            elif env.stream_id not in cases:
                continue  # a stream whose start this projection never saw
            elif isinstance(p, PetitionAssigned):
                cases[env.stream_id]["department"] = p.department
                changed.add(env.stream_id)
            else:
                new_ratings.append(_rating(cases[env.stream_id], env.stream_version, p))
        _write(conn, [cases[i] for i in sorted(changed)], new_ratings)


def _case(petition_id: str, p: PetitionRegistered, region: str) -> dict[str, Any]:
    return {
        "petition_id": petition_id,
        "region_code": region,
        "category_code": p.category_code,
        "kind": p.kind.value,
        "department": p.receiving_org,
    }


def _rating(case: dict[str, Any], version: int, p: PetitionRated) -> dict[str, Any]:
    return {
        "petition_id": case["petition_id"],
        "stream_version": version,
        "rated_on": p.rated_on,
        "department": case["department"] or "",
        "region_code": case["region_code"],
        "category_code": case["category_code"],
        "unit_rating": p.unit_rating.value,
        "result_rating": p.result_rating.value,
    }


def _load(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(ids):
        q = select(sat_cases).where(sat_cases.c.petition_id.in_(chunk))
        for row in conn.execute(q):
            found[row.petition_id] = dict(row._mapping)
    return found


def _write(conn: Connection, cases: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    ids = [c["petition_id"] for c in cases]
    for chunk in chunks(ids):
        conn.execute(delete(sat_cases).where(sat_cases.c.petition_id.in_(chunk)))
    if cases:
        conn.execute(insert(sat_cases), cases)
    if new:
        conn.execute(insert(ratings), new)
