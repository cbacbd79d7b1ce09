"""Generate the default rule set from the department reference data, plus hand-written rules.

``python -m services.routing.generate [--out PATH]`` rewrites ``rules/default.json``. One rule
per department: its categories over the regions it answers for, at its level. The matcher's
order (deeper region first) then gives what ``departments_for`` gives: the lowest level that
has a department for the category.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from services.routing.refs import Refs, load_refs
from services.routing.ruleset import (
    DEFAULT_FILE,
    CaseOwnerEntry,
    HardCases,
    Leader,
    Match,
    Owner,
    Rule,
    RuleSet,
)
from shared.refdata import ALL, Department
from shared.schemas.petition import Kind, Level

LABEL = "2025.1"
# A township government answers for "everything" in the reference data, but discipline
# (纪检监察) and litigation (涉法涉诉) matters belong to bodies a township does not have.
NOT_FOR_TOWNSHIPS = ("11", "17")


def department_rule(dept: Department, refs: Refs) -> Rule:
    categories: tuple[str, ...] = dept.categories
    if ALL in categories:
        categories = tuple(m for m in refs.data.majors if m not in NOT_FOR_TOWNSHIPS)
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


def case_owners(refs: Refs) -> list[CaseOwnerEntry]:
    return [
        CaseOwnerEntry(
            department=d.code,
            owner=Owner(user_id=f"owner-{d.code}", name=f"{d.name_zh}分管负责人"),
        )
        for d in refs.data.departments.values()
    ]


def leaders(refs: Refs) -> list[Leader]:
    return [
        Leader(region=r.code, owner=Owner(user_id=f"leader-{r.code}", name=f"{r.name_zh}包案领导"))
        for r in refs.data.regions.values()
        if r.level in (Level.CITY, Level.COUNTY)
    ]


def default_rules(refs: Refs) -> RuleSet:
    generated = [
        department_rule(d, refs) for d in refs.data.departments.values() if not d.petition_office
    ]
    return RuleSet(
        label=LABEL,
        note="Generated from the department reference data "
        f"(departments {refs.data.versions['departments']}) by services.routing.generate, "
        "plus hand-written rules (ids hw.*).",
        rules=(*hand_written(), *generated),
        case_owners=tuple(case_owners(refs)),
        hard_cases=HardCases(collective_headcount=5, leaders=tuple(leaders(refs))),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    rules = default_rules(load_refs())
    data = rules.model_dump(mode="json", exclude_defaults=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(rules.rules)} rules to {args.out}")


if __name__ == "__main__":
    main()
