"""Staff scores of the qualitative factors (leadership, ...): a region's office records one,
in force from a day, and the scorecards read the latest in force."""

from __future__ import annotations

from datetime import date

from services.index.application.events import append
from services.index.application.upsert import replace
from services.index.domain.access import ensure_may_act
from services.index.domain.errors import Refused
from services.index.domain.model import Model
from services.index.tables import qualitative
from shared.auth.roles import Principal
from shared.eventstore import EventStore
from shared.refdata import ReferenceData
from shared.schemas.index import QualitativeScoreRecorded


def record(
    store: EventStore,
    data: ReferenceData,
    model: Model,
    principal: Principal,
    *,
    region_code: str,
    factor_id: str,
    score: float,
    effective_on: date,
    note: str,
) -> None:
    ensure_may_act(principal, region_code, data.org_tree)
    factor = next((f for f in model.factors if f.id == factor_id), None)
    if factor is None or factor.type != "qualitative":
        raise Refused(f"{factor_id!r} is not a qualitative factor")
    row = {
        "region_code": region_code,
        "factor_id": factor_id,
        "score": score,
        "effective_on": effective_on,
        "note": note,
    }
    event = QualitativeScoreRecorded(**row)
    with store.unit_of_work() as uow:
        append(uow, f"staff-{region_code}-{factor_id}", [event], principal.actor())
        replace(uow.connection, qualitative, [row])
