"""Routing rules as data: the rule-set document and its checks against the reference data.

A rule set is one JSON document (``rules/default.json`` ships one). Every version an admin
posts is kept; the newest is the one in force. ``check`` refuses a rule set intake would
refuse to act on (an unknown department, a department that does not answer for what the
rule sends it), so a bad edit is caught before it takes effect, not at the first petition.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.refdata import ReferenceData
from shared.schemas.fields import Int32, Line, Prose
from shared.schemas.petition import Kind, Level

RuleId = str


Code = Annotated[Line, Field(min_length=1, max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Owner(_Model):
    """A case owner (包案): a named person who owns a case to its end."""

    user_id: Line = Field(min_length=1, max_length=64)
    name: Line = Field(min_length=1, max_length=100)


class Match(_Model):
    """What a petition must be for the rule to apply; an empty field matches anything."""

    regions: tuple[Code, ...] = ()  # roots of region subtrees
    categories: tuple[Code, ...] = ()  # major ("01") or minor ("0101") codes
    kinds: tuple[Kind, ...] = ()
    levels: tuple[Level, ...] = ()  # the petition's responsible level
    collective: bool | None = None
    repeat: bool | None = None
    skip_level: bool | None = None

    @property
    def constraints(self) -> int:
        """How many of kind, level and the flags the rule pins down."""
        flags = (self.collective, self.repeat, self.skip_level)
        return bool(self.kinds) + bool(self.levels) + sum(f is not None for f in flags)


class Rule(_Model):
    id: RuleId = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
    description: Line = Field(default="", max_length=300)
    match: Match = Match()
    department: Code
    level: Level  # the level that handles the case: the department's level
    priority: Int32 = 0
    forwarded: bool = False  # 转送 rather than 交办
    hard_case_leader: Owner | None = None  # overrides the region's leader for hard cases


class CaseOwnerEntry(_Model):
    """The default owner of a (department, category) pair; no category: any category."""

    department: Code
    category: Code | None = None
    owner: Owner


class Leader(_Model):
    """The leader who owns hard cases in a region's subtree."""

    region: Code
    owner: Owner


class HardCases(_Model):
    collective_headcount: Int32 = Field(default=5, ge=1)  # collective with more people: hard
    repeat: bool = True
    skip_level: bool = True
    leaders: tuple[Leader, ...] = ()


class Escalation(_Model):
    # After this many returns at one level, routing looks one level up the pyramid.
    returns_per_level: Int32 = Field(default=2, ge=1)


class RuleSet(_Model):
    label: Line = Field(min_length=1, max_length=64)
    note: Prose | None = Field(default=None, max_length=2000)
    rules: tuple[Rule, ...] = Field(min_length=1)
    case_owners: tuple[CaseOwnerEntry, ...] = ()
    hard_cases: HardCases = HardCases()
    escalation: Escalation = Escalation()

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleSet:
        seen: set[str] = set()
        for i, rule in enumerate(self.rules):
            if rule.id in seen:
                raise ValueError(f"rules[{i}]: duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return self


def check(rules: RuleSet, data: ReferenceData) -> list[str]:
    """Every problem with the rule set against the reference data; [] if it may take effect."""
    problems: list[str] = []
    for i, rule in enumerate(rules.rules):
        problems += [f"rules[{i}] ({rule.id}): {p}" for p in _check_rule(rule, data)]
    for i, entry in enumerate(rules.case_owners):
        where = f"case_owners[{i}]"
        if entry.department not in data.departments:
            problems.append(f"{where}: unknown department {entry.department!r}")
        if entry.category is not None and not data.known_category(entry.category):
            problems.append(f"{where}: unknown category {entry.category!r}")
    for i, leader in enumerate(rules.hard_cases.leaders):
        if leader.region not in data.regions:
            problems.append(f"hard_cases.leaders[{i}]: unknown region {leader.region!r}")
    return problems


def _check_rule(rule: Rule, data: ReferenceData) -> list[str]:
    dept = data.departments.get(rule.department)
    if dept is None:
        return [f"unknown department {rule.department!r}"]
    tree = data.org_tree
    problems: list[str] = []
    if dept.level != rule.level:
        problems.append(f"level {rule.level} but {dept.code} is a {dept.level} department")
    for region in rule.match.regions:
        if region not in data.regions:
            problems.append(f"unknown region {region!r}")
        elif not any(tree.is_within(region, root) for root in dept.regions):
            problems.append(f"{dept.code} does not answer for region {region}")
    if not rule.match.regions and data.city_code not in dept.regions:
        problems.append(f"no region given, but {dept.code} does not answer for the whole city")
    for category in rule.match.categories or ("*",):
        if category != "*" and not data.known_category(category):
            problems.append(f"unknown category {category!r}")
        elif not dept.covers_category("" if category == "*" else category):
            problems.append(f"{dept.code} does not answer for category {category}")
    return problems
