"""Where a petition waits when no rule places it, and the pyramid a case climbs.

Routing's own look-ups over the reference data; "is this org inside that one" is asked of
``ReferenceData.org_tree``.
"""

from __future__ import annotations

from shared.refdata import ReferenceData
from shared.schemas.petition import Level

# The pyramid from bottom to top: a case climbs it when its level cannot resolve it.
PYRAMID = (Level.TOWNSHIP, Level.COUNTY, Level.CITY)


class Offices:
    """Region code -> the petition office serving it (the nearest one above), worked out
    once: the queue projection asks for every registered petition."""

    def __init__(self, data: ReferenceData) -> None:
        by_root = {
            root: d.code
            for d in data.departments.values()
            if d.petition_office
            for root in d.regions
        }
        self._city = data.city_code
        self._by_region: dict[str, str] = {}
        for code in data.regions:
            for ancestor in data.ancestors(code):
                if ancestor in by_root:
                    self._by_region[code] = by_root[ancestor]
                    break

    def office_for(self, region_code: str) -> str:
        """The petition office whose manual queue takes what no rule can place here."""
        return self._by_region.get(region_code) or self._by_region[self._city]
