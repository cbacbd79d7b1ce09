""" "Where would this petition go?": the decision consumer's own matcher (``matcher.decide``)
run on a sample petition, against the rule set in force or a candidate one, storing nothing
and sending nothing. The admin checks an edit before it takes effect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from services.routing.application.outgoing import assign_reason
from services.routing.application.rulestore import RuleStore
from services.routing.domain import reasons
from services.routing.domain.matcher import (
    Facts,
    Manual,
    case_owner,
    decide,
    hard_case_leader,
    is_hard,
)
from services.routing.domain.offices import Offices
from services.routing.domain.ruleset import RuleSet
from shared.errors import Invalid
from shared.refdata import ReferenceData
from shared.schemas.petition import Kind


@dataclass(frozen=True)
class Sample:
    """The facts of a petition routing decides on, as a person would give them."""

    kind: Kind
    category_code: str
    region_code: str
    collective: bool = False
    headcount: int = 1
    repeat: bool = False
    skip_level: bool = False
    accused_org: str | None = None


def preview(
    engine: Engine, store: RuleStore, data: ReferenceData, sample: Sample, rules: RuleSet | None
) -> dict[str, Any]:
    """The placement (or the manual queue and why) the decision consumer would give now.
    A candidate rule set is validated as ``POST /rulesets`` validates it, first."""
    _check_sample(data, sample)
    version: int | None = None
    if rules is None:
        with engine.begin() as conn:
            active = store.active(conn)
        rules, version = active.rules, active.version
    else:
        store.validate(rules)
    facts = Facts(
        region_chain=data.org_tree.region_chain(sample.region_code),
        category_code=sample.category_code,
        kind=sample.kind,
        level=data.responsible_level(sample.region_code),
        collective=sample.collective,
        headcount=sample.headcount,
        repeat=sample.repeat,
        skip_level=sample.skip_level,
    )
    # As the decision consumer: an accusation never goes to anyone of the accused unit.
    exclude = data.org_tree.blocked_for_accusation(sample.accused_org)
    decision = decide(rules, facts, exclude=exclude)
    out: dict[str, Any] = {"ruleset_version": version, "level": facts.level.value}
    if isinstance(decision, Manual):
        office = Offices(data).office_for(sample.region_code)
        return out | {
            "department": None,
            "department_name": None,
            "rule_id": None,
            "manual_reason": decision.reason,
            "manual_reason_zh": reasons.in_chinese(decision.reason, data),
            "reason": decision.reason,
            "manual_office": office,
            "manual_office_name": data.department_name(office),
            "hard_case": False,
            "case_owner": None,
        }
    hard = is_hard(rules, facts)
    owner = (
        hard_case_leader(rules, decision.rule, facts.region_chain)
        if hard
        else case_owner(rules, decision.department, facts.category_code)
    )
    return out | {
        "department": decision.department,
        "department_name": data.department_name(decision.department),
        "rule_id": decision.rule.id,
        "manual_reason": None,
        "manual_reason_zh": None,
        "reason": assign_reason(decision, escalated=False),
        "manual_office": None,
        "manual_office_name": None,
        "hard_case": hard,
        "case_owner": owner.model_dump() if owner else None,
    }


def _check_sample(data: ReferenceData, sample: Sample) -> None:
    if sample.region_code not in data.regions:
        raise Invalid(
            "unknown region", field="body.petition.region_code", zh="请选择正确的问题发生地"
        )
    if sample.category_code not in data.minors:
        raise Invalid(
            "unknown category", field="body.petition.category_code", zh="请选择正确的问题分类"
        )
    accused = sample.accused_org
    if accused is not None and accused not in data.departments and accused not in data.regions:
        raise Invalid(
            "unknown accused unit", field="body.petition.accused_org", zh="请选择正确的被反映单位"
        )
    if accused is not None and sample.kind is not Kind.ACCUSATION:
        raise Invalid(
            "only an accusation names an accused unit",
            field="body.petition.accused_org",
            zh="只有检举控告类信访事项填写被反映单位",
        )
