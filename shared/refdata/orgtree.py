"""The org tree: regions under their parents, departments under their region. Every "is this
org inside that one" in every service is asked of it.

An unknown code is within itself and nothing else, and nothing is within it: a tree that does
not know a code never widens what anyone reads or acts on (the scope rules rely on that, see
``shared.auth.scope``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, cached_property

from shared.auth.roles import Principal
from shared.auth.scope import accused_units_over, may_receive_accusation, shielded_org


class OrgTree:
    """Look-ups over the tree, each worked out once per process."""

    def __init__(
        self,
        region_parents: Mapping[str, str | None],
        department_regions: Mapping[str, str] | None = None,
        governments: Mapping[str, str] | None = None,
    ) -> None:
        self._regions = dict(region_parents)
        self._departments = dict(department_regions or {})
        self._parents: dict[str, str | None] = {**self._regions, **self._departments}
        self._governments = dict(governments or {})
        self._subtrees: dict[str, frozenset[str]] = {}

    # -- what the tree holds ----------------------------------------------------------------

    @property
    def codes(self) -> frozenset[str]:
        """Every region and department code."""
        return frozenset(self._parents)

    def is_region(self, code: str) -> bool:
        return code in self._regions

    def is_department(self, code: str) -> bool:
        return code in self._departments

    def region_of(self, org: str) -> str | None:
        """The region an org belongs to: a region is its own, a department its region's;
        None when the code is unknown."""
        if org in self._regions:
            return org
        return self._departments.get(org)

    def home_region(self, org: str) -> str:
        """The region ``org`` answers for: a region itself, a department its region; an
        unknown code stands for itself (a figure filed under it still reads)."""
        return self.region_of(org) or org

    def governed_region(self, org: str) -> str | None:
        """The region ``org`` is the government or party committee of, else None."""
        return self._governments.get(org)

    # -- walking it -------------------------------------------------------------------------

    def ancestors(self, org: str) -> list[str]:
        """``org`` and everything above it, nearest first (``[org]`` if unknown)."""
        return list(self._chain(org))

    @cache  # noqa: B019 - one tree per process; every projection asks it per event
    def _chain(self, org: str) -> tuple[str, ...]:
        chain = [org]
        seen = {org}
        code = self._parents.get(org)
        while code is not None and code not in seen:
            chain.append(code)
            seen.add(code)
            code = self._parents.get(code)
        return tuple(chain)

    def region_chain(self, org: str) -> tuple[str, ...]:
        """The org's region and every region above it, nearest first; () if unknown."""
        region = self.region_of(org)
        return () if region is None else self._chain(region)

    def is_within(self, org: str, root: str) -> bool:
        """``org`` is ``root`` or lies under it."""
        return org == root or root in self._chain(org)

    def subtree(self, root: str) -> frozenset[str]:
        """Every known code within ``root``, and ``root`` itself: ``is_within`` as a set, for
        the filters a database applies (``code IN (...)``)."""
        found = self._subtrees.get(root)
        if found is None:
            found = frozenset({root, *(c for c in self._parents if self.is_within(c, root))})
            self._subtrees[root] = found
        return found

    @cached_property
    def children(self) -> Mapping[str, tuple[str, ...]]:
        """Region code -> the regions directly under it, by code."""
        found: dict[str, list[str]] = {code: [] for code in self._regions}
        for code, parent in self._regions.items():
            if parent is not None and parent in found:
                found[parent].append(code)
        return {code: tuple(sorted(kids)) for code, kids in found.items()}

    # -- accuser confidentiality (Art. 30/45), over the whole tree ---------------------------

    @cache  # noqa: B019 - one tree per process, one entry per org that reads
    def accused_units_over(self, org: str) -> frozenset[str]:
        """The accused units whose accusations are kept from ``org`` (``accused_org IN``)."""
        return accused_units_over(org, self._parents, self)

    def hidden_from(self, principal: Principal) -> frozenset[str]:
        """The accused units whose accusations ``principal`` must not find in a list, a
        queue or a count: ``kept_from`` as the set a SQL filter leaves out."""
        org = shielded_org(principal)
        return frozenset() if org is None else self.accused_units_over(org)

    def blocked_for_accusation(self, accused_org: str | None) -> frozenset[str]:
        """Departments an accusation must never reach: anyone of the accused unit."""
        return frozenset(
            d for d in self._departments if not may_receive_accusation(d, accused_org, self)
        )
