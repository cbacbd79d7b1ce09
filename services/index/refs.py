"""Reference data the index reads: the region tree and the category tree.

Intake owns the files; the index only reads them (``shared.refdata``), because the
region and category codes in petition events are the ones intake validated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path

from shared.refdata import ReferenceData, load_refdata


class Refs:
    def __init__(self, data: ReferenceData) -> None:
        self.data = data
        self.city = data.city_code
        self.tree = data.org_tree

    def region_name(self, code: str) -> str:
        region = self.data.regions.get(code)
        return region.name_zh if region else code

    def region_level(self, code: str) -> str:
        region = self.data.regions.get(code)
        return region.level.value if region else ""

    def category_name(self, code: str) -> str:
        entry = self.data.majors.get(code) or self.data.minors.get(code)
        return entry.name_zh if entry else code

    def ancestors(self, code: str) -> list[str]:
        """``code`` and every region above it, nearest first."""
        return self.tree.ancestors(code)

    def within(self, org: str, root: str) -> bool:
        """``org`` (a region or a department code) is ``root`` or lies under it."""
        dept = self.data.departments.get(org)
        region = dept.region if dept is not None else org
        return org == root or self.tree.is_within(region, root)

    # ``is_within`` and ``governed_region``: the org tree ``shared.auth.scope`` walks.
    is_within = within

    def governed_region(self, org: str) -> str | None:
        return self.data.governments.get(org)

    @cached_property
    def children(self) -> Mapping[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for code, region in self.data.regions.items():
            if region.parent is not None:
                found.setdefault(region.parent, []).append(code)
        return {k: tuple(sorted(v)) for k, v in found.items()}

    def subtree(self, root: str) -> list[str]:
        out, todo = [], [root]
        while todo:
            code = todo.pop()
            out.append(code)
            todo.extend(self.children.get(code, ()))
        return out

    def counties(self) -> list[str]:
        return sorted(c for c, r in self.data.regions.items() if r.level.value == "county")

    def known_region(self, code: str) -> bool:
        return code in self.data.regions

    def known_category(self, code: str) -> bool:
        return code in self.data.majors or code in self.data.minors

    def department_region(self, code: str) -> str | None:
        dept = self.data.departments.get(code)
        return dept.region if dept else None

    def roll_up(self, codes: Iterable[str]) -> dict[str, list[str]]:
        """For each code, the regions whose totals it feeds (itself and its ancestors)."""
        return {c: self.ancestors(c) for c in codes}


def load_refs(directory: Path | None = None) -> Refs:
    return Refs(load_refdata(directory))
