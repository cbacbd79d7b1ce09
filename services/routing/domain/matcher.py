"""Which rule places a petition: pure functions over a rule set and the petition's facts.

Order among matching rules, most decisive first (the same order everywhere, so anyone can
say why a rule won):

1. more constraints on kind, level and the flags (a hand-written rule about collective
   petitions beats the generic rule for the department);
2. the deeper region (分地区: the township's department before the county's, before the
   city's — the bottom of the pyramid handles what it can);
3. the more specific category (a minor category before its major, before "any");
4. higher ``priority``;
5. the rule id, so that ties are still decided the same way every time.

Only rules handling at ``start_level`` or above are considered (escalation raises it), and
never a department in ``exclude`` (departments that returned the case, the accused unit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.routing.domain import reasons
from services.routing.domain.offices import PYRAMID
from services.routing.domain.ruleset import Match, Owner, Rule, RuleSet
from shared.schemas.petition import Kind, Level

_RANK = {level: i for i, level in enumerate(PYRAMID)}


@dataclass(frozen=True, slots=True)
class Facts:
    """What routing knows of a petition when it decides."""

    region_chain: tuple[str, ...]  # the matter's region and its ancestors, nearest first
    category_code: str
    kind: Kind
    level: Level  # responsible level
    collective: bool = False
    headcount: int = 1
    repeat: bool = False
    skip_level: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    rule: Rule
    specificity: tuple[int, int, int]

    @property
    def department(self) -> str:
        return self.rule.department


@dataclass(frozen=True, slots=True)
class Manual:
    """No rule can place the petition: it waits in the petition office's manual queue."""

    reason: str


def category_rank(pattern_codes: tuple[str, ...], category: str) -> int:
    """2: a listed minor matches; 1: its major; 0: no category listed; -1: no match."""
    if not pattern_codes:
        return 0
    if category in pattern_codes:
        return 2 if len(category) > 2 else 1
    if category[:2] in pattern_codes:
        return 1
    return -1


def region_depth(roots: tuple[str, ...], chain: tuple[str, ...]) -> int:
    """Depth of the deepest listed root the region lies under (city 1); 0: none listed;
    -1: no match."""
    if not roots:
        return 0
    depths = [len(chain) - chain.index(r) for r in roots if r in chain]
    return max(depths) if depths else -1


def _flags_match(m: Match, facts: Facts) -> bool:
    return (
        (not m.kinds or facts.kind in m.kinds)
        and (not m.levels or facts.level in m.levels)
        and (m.collective is None or m.collective == facts.collective)
        and (m.repeat is None or m.repeat == facts.repeat)
        and (m.skip_level is None or m.skip_level == facts.skip_level)
    )


def specificity(rule: Rule, facts: Facts) -> tuple[int, int, int] | None:
    """The rule's specificity for these facts, or None if it does not match them."""
    m = rule.match
    if not _flags_match(m, facts):
        return None
    depth = region_depth(m.regions, facts.region_chain)
    rank = category_rank(m.categories, facts.category_code)
    if depth < 0 or rank < 0:
        return None
    return (m.constraints, depth, rank)


def candidates(
    rules: Iterable[Rule],
    facts: Facts,
    *,
    start_level: Level | None = None,
    exclude: frozenset[str] = frozenset(),
) -> list[Placement]:
    """Every rule that may place the petition, the deciding one first."""
    floor = _RANK.get(start_level or facts.level, 0)
    found = [
        Placement(rule, spec)
        for rule in rules
        if rule.department not in exclude
        and _RANK.get(rule.level, 0) >= floor
        and (spec := specificity(rule, facts)) is not None
    ]
    found.sort(key=lambda p: (*(-s for s in p.specificity), -p.rule.priority, p.rule.id))
    return found


def decide(
    rules: RuleSet,
    facts: Facts,
    *,
    start_level: Level | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Placement | Manual:
    found = candidates(rules.rules, facts, start_level=start_level, exclude=exclude)
    if found:
        return found[0]
    region = facts.region_chain[0] if facts.region_chain else None
    above = start_level.value if start_level is not None and start_level != facts.level else None
    return Manual(reasons.no_rule(facts.category_code, region, above, exclude))


def next_level(level: Level) -> Level | None:
    """One step up the pyramid (township -> county -> city); None above the city."""
    i = _RANK.get(level, 0) + 1
    return PYRAMID[i] if i < len(PYRAMID) else None


# -- case owners (包案) ------------------------------------------------------------------


def is_hard(rules: RuleSet, facts: Facts) -> bool:
    """Repeat, skip-level, or collective over the configured headcount."""
    policy = rules.hard_cases
    return (
        (policy.repeat and facts.repeat)
        or (policy.skip_level and facts.skip_level)
        or (facts.collective and facts.headcount > policy.collective_headcount)
    )


def case_owner(rules: RuleSet, department: str, category: str) -> Owner | None:
    """The default owner of (department, category): minor first, then major, then any."""
    best: tuple[int, Owner] | None = None
    for entry in rules.case_owners:
        if entry.department != department:
            continue
        rank = category_rank((entry.category,) if entry.category else (), category)
        if rank >= 0 and (best is None or rank > best[0]):
            best = (rank, entry.owner)
    return best[1] if best else None


def hard_case_leader(rules: RuleSet, rule: Rule, region_chain: tuple[str, ...]) -> Owner | None:
    """The rule's named leader, else the leader of the nearest region that has one."""
    if rule.hard_case_leader is not None:
        return rule.hard_case_leader
    by_region = {leader.region: leader.owner for leader in rules.hard_cases.leaders}
    for region in region_chain:
        if region in by_region:
            return by_region[region]
    return None
