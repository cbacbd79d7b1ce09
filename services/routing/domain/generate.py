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
        description=f"{dept.name_zh}：承办本单位负责的问题分类和属地",
        match=Match(regions=dept.regions, categories=categories),
        department=dept.code,
        level=dept.level,
    )


def hand_written() -> list[Rule]:
    city = "320800"
    return [
        Rule(
            id="hw.suggestions",
            description="人民建议：交市信访局人民建议征集平台办理",
            match=Match(categories=("1803",), kinds=(Kind.SUGGESTION,)),
            department=f"{city}-XFJ",
            level=Level.CITY,
        ),
        Rule(
            id="hw.accusations.discipline",
            description="检举控告公职人员（纪检监察类）：交市纪委监委办理",
            match=Match(categories=("11",), kinds=(Kind.ACCUSATION,)),
            department=f"{city}-JWJ",
            level=Level.CITY,
            priority=10,
        ),
        Rule(
            id="hw.collective.demolition",
            description="清江浦区房屋征收拆迁类集体信访：交市住建局办理，由其主要负责人包案",
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
        # The admin reads the note and the descriptions on the rules page: in Chinese.
        note=f"根据单位基础数据（departments {data.versions['departments']}）"
        "由 sunshine rules 生成，另加人工编写的规则（编号 hw.*）。",
        rules=(*hand_written(), *generated),
        case_owners=tuple(case_owners(data)),
        hard_cases=HardCases(collective_headcount=5, leaders=tuple(leaders(data))),
    )
