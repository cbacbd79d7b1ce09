"""Why a petition went where it did: its routing case and every step, for a supervisor."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from services.routing.domain import reasons
from services.routing.domain.access import case_kept_from, may_read_case
from services.routing.domain.errors import NoSuchPetition, OutsideScope
from services.routing.tables import cases, transfers
from shared.auth.roles import Principal
from shared.refdata import ReferenceData

_FIELDS = ("status", "department", "rule_id", "manual_reason", "ruleset_version")


def routing_history(
    engine: Engine, data: ReferenceData, principal: Principal, petition_id: str
) -> dict[str, Any]:
    with engine.connect() as conn:
        case = conn.execute(select(cases).where(cases.c.petition_id == petition_id)).first()
        # One answer for absent and kept from the caller (Art. 30).
        if case is None or case_kept_from(principal, dict(case._mapping), data):
            raise NoSuchPetition()
        q = (
            select(transfers)
            .where(transfers.c.petition_id == petition_id)
            .order_by(transfers.c.seq)
        )
        steps = [dict(r._mapping) for r in conn.execute(q)]
    if not may_read_case(principal, case.region_code, data):
        raise OutsideScope("the petition is outside your region")
    out = {k: case._mapping[k] for k in _FIELDS}
    out["manual_reason_zh"] = reasons.in_chinese(out["manual_reason"], data)
    for step in steps:
        step["reason_zh"] = reasons.in_chinese(step.get("reason"), data)
    return {"petition_id": petition_id, **out, "steps": steps}
