"""Reference data feedback reads (intake owns the files): regions, departments, categories.

Used for roll-ups (a county's satisfaction includes its townships'), names in reports and
org-scope checks; read-only.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path

from shared.auth.scope import accused_units_over
from shared.refdata import ReferenceData, load_refdata


class Refs:
    def __init__(self, data: ReferenceData) -> None:
        self.data = data

    def region_chain(self, code: str) -> list[str]:
        """The region and all above it, nearest first; ``[code]`` if unknown."""
        if code not in self.data.regions:
            return [code]
        return self.data.ancestors(code)

    def department_region(self, code: str) -> str | None:
        dept = self.data.departments.get(code)
        return dept.region if dept is not None else None

    def org_region(self, org: str) -> str:
        """A principal's org as a region: a department stands for the region it sits in."""
        return self.department_region(org) or org

    def within(self, org: str, root: str) -> bool:
        """``org`` (region or department) is ``root`` or lies under it."""
        if org == root:
            return True
        return root in self.region_chain(self.org_region(org))

    # ``is_within`` and ``governed_region``: the org tree ``shared.auth.scope`` walks.
    is_within = within

    def governed_region(self, org: str) -> str | None:
        return self.data.governments.get(org)

    @cache  # noqa: B019 - one Refs per process, one entry per org that reads
    def accused_units_over(self, org: str) -> frozenset[str]:
        """The accused units whose accusations are kept from ``org``."""
        return accused_units_over(org, [*self.data.regions, *self.data.departments], self)

    @cached_property
    def children(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for r in self.data.regions.values():
            if r.parent is not None:
                found.setdefault(r.parent, []).append(r.code)
        return {k: sorted(v) for k, v in found.items()}

    def region_name(self, code: str) -> str:
        r = self.data.regions.get(code)
        return r.name_zh if r is not None else code

    def department_name(self, code: str) -> str:
        d = self.data.departments.get(code)
        return d.name_zh if d is not None else code

    def category_name(self, code: str) -> str:
        c = self.data.majors.get(code) or self.data.minors.get(code)
        return c.name_zh if c is not None else code

    def level(self, code: str) -> str | None:
        r = self.data.regions.get(code)
        return r.level.value if r is not None else None


def load_refs(directory: Path | None = None) -> Refs:
    return Refs(load_refdata(directory))


def subtree(refs: Refs, root: str) -> set[str]:
    """Every region code at or under ``root`` (a department stands for its region)."""
    start = refs.org_region(root)
    found = {start}
    todo = [start]
    while todo:
        for child in refs.children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found
