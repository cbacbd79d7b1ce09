"""Reference data routing reads: regions, categories, departments, levels.

Intake owns these files; routing imports its loader rather than copying the data, because it
is reference data both must agree on (a department routing names must be one intake knows).
When reference data gets its own package, only this module changes.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path

from shared.auth.scope import accused_units_over, may_receive_accusation
from shared.refdata import Department, ReferenceData, load_refdata
from shared.schemas.petition import Level

__all__ = ["Department", "Refs", "load_refs"]

# The pyramid from bottom to top: a case climbs it when its level cannot resolve it.
PYRAMID = (Level.TOWNSHIP, Level.COUNTY, Level.CITY)


class Refs:
    """Look-ups over the reference data, computed once."""

    def __init__(self, data: ReferenceData) -> None:
        self.data = data

    def region_chain(self, region_code: str) -> tuple[str, ...]:
        """The region and every region above it, nearest first; () if unknown."""
        if region_code not in self.data.regions:
            return ()
        return tuple(self.data.ancestors(region_code))

    def depth(self, region_code: str) -> int:
        """1 for the city, 2 for a county... (how specific a rule's region is)."""
        return len(self.region_chain(region_code))

    def category_known(self, code: str) -> bool:
        return code in self.data.majors or code in self.data.minors

    @cached_property
    def _offices(self) -> dict[str, str]:
        """Region code -> code of the petition office serving it (the nearest one above)."""
        by_root = {
            root: d.code
            for d in self.data.departments.values()
            if d.petition_office
            for root in d.regions
        }
        found: dict[str, str] = {}
        for code in self.data.regions:
            for ancestor in self.data.ancestors(code):
                if ancestor in by_root:
                    found[code] = by_root[ancestor]
                    break
        return found

    def office_for(self, region_code: str) -> str:
        """The petition office whose manual queue takes what no rule can place here."""
        return self._offices.get(region_code) or self._offices[self.data.city_code]

    def department_region(self, org: str) -> str | None:
        dept = self.data.departments.get(org)
        return dept.region if dept is not None else None

    def within(self, org: str, root: str) -> bool:
        """``org`` (a region or a department code) is ``root`` or lies under it."""
        if org == root:
            return True
        region = self.department_region(org) or org
        return root in self.region_chain(region)

    # ``is_within`` and ``governed_region``: the org tree ``shared.auth.scope`` walks.
    is_within = within

    def governed_region(self, org: str) -> str | None:
        return self.data.governments.get(org)

    def blocked_for_accusation(self, accused_org: str | None) -> frozenset[str]:
        """Departments an accusation must never reach: anyone of the accused unit."""
        return frozenset(
            d for d in self.data.departments if not may_receive_accusation(d, accused_org, self)
        )

    @cache  # noqa: B019 - one Refs per process, one entry per org that reads
    def accused_units_over(self, org: str) -> frozenset[str]:
        """The accused units whose accusations are kept from ``org``."""
        return accused_units_over(org, [*self.data.regions, *self.data.departments], self)


def load_refs(directory: Path | None = None) -> Refs:
    return Refs(load_refdata(directory))
