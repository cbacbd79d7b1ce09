"""Generate the default rule set from the department reference data, plus hand-written rules.

``python -m services.routing.application.rulefile [--out PATH]`` rewrites
``rules/default.json`` with what ``default_rules`` gives. One rule
per department: its categories over the regions it answers for, at its level. The matcher's
order (deeper region first) then gives what ``departments_for`` gives: the lowest level that
has a department for the category.
"""

from __future__ import annotations

from services.routing.domain.ruleset import (
    CaseOwnerEntry,
    HardCases,
    Leader,
    Match,
    Owner,
    Rule,
    RuleSet,
)
from shared.refdata import ALL, Department, ReferenceData
from shared.schemas.petition import Kind, Level

LABEL = "2025.1"
# A township government answers for "everything" in the reference data, but discipline
# (纪检监察) and litigation (涉法涉诉) matters belong to bodies a township does not have.
NOT_FOR_TOWNSHIPS = ("11", "17")


def department_rule(dept: Department, data: ReferenceData) -> Rule:
    categories: tuple[str, ...] = dept.categories
    if ALL in categories:
        categories = tuple(m for m in data.majors if m not in NOT_FOR_TOWNSHIPS)
    return Rule(
        id=f"dept.{dept.code}",
        description=f"{dept.name_zh}: the categories and regions it answers for",
        match=Match(regions=dept.regions, categories=categories),
        department=dept.code,
        level=dept.level,
    )


def hand_written() -> list[Rule]:
    city = "320800"
    return [
        Rule(
            id="hw.suggestions",
            description="人民建议: people's suggestions go to the city petition bureau's "
            "suggestion platform",
            match=Match(categories=("1803",), kinds=(Kind.SUGGESTION,)),
            department=f"{city}-XFJ",
            level=Level.CITY,
        ),
        Rule(
            id="hw.accusations.discipline",
            description="accusations of officials (纪检监察) go to the city discipline commission",
            match=Match(categories=("11",), kinds=(Kind.ACCUSATION,)),
            department=f"{city}-JWJ",
            level=Level.CITY,
            priority=10,
        ),
        Rule(
            id="hw.collective.demolition",
            description="collective petitions on demolition (房屋征收拆迁) in 清江浦区 go to the "
            "city housing bureau, owned by its head",
            match=Match(regions=("320812",), categories=("0101",), collective=True),
            department=f"{city}-ZJJ",
            level=Level.CITY,
            hard_case_leader=Owner(user_id="leader-320800-ZJJ", name="市住建局主要负责人"),
        ),
    ]


def case_owners(data: ReferenceData) -> list[CaseOwnerEntry]:
    return [
        CaseOwnerEntry(
            department=d.code,
            owner=Owner(user_id=f"owner-{d.code}", name=f"{d.name_zh}分管负责人"),
        )
        for d in data.departments.values()
    ]


def leaders(data: ReferenceData) -> list[Leader]:
    return [
        Leader(region=r.code, owner=Owner(user_id=f"leader-{r.code}", name=f"{r.name_zh}包案领导"))
        for r in data.regions.values()
        if r.level in (Level.CITY, Level.COUNTY)
    ]


def default_rules(data: ReferenceData) -> RuleSet:
    generated = [
        department_rule(d, data) for d in data.departments.values() if not d.petition_office
    ]
    return RuleSet(
        label=LABEL,
        note="Generated from the department reference data "
        f"(departments {data.versions['departments']}) by `sunshine rules`, "
        "plus hand-written rules (ids hw.*).",
        rules=(*hand_written(), *generated),
        case_owners=tuple(case_owners(data)),
        hard_cases=HardCases(collective_headcount=5, leaders=tuple(leaders(data))),
    )
