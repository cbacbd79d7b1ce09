"""The few questions the index asks of the reference data beyond the org tree's own."""

from __future__ import annotations

from shared.refdata import OrgTree, ReferenceData


def regions_within(tree: OrgTree, root: str) -> list[str]:
    """The regions in ``root``'s subtree and ``root`` itself (known or not): the subjects of
    a region's scorecards and surge checks, departments left out."""
    return sorted(c for c in tree.subtree(root) if c == root or tree.is_region(c))


def region_level(data: ReferenceData, code: str) -> str:
    """``county``, ``township``...; empty for an unknown code."""
    region = data.regions.get(code)
    return region.level.value if region else ""


def subject_name(data: ReferenceData, kind: str, code: str) -> str:
    """A scorecard subject's Chinese name; the code itself when unknown."""
    return data.region_name(code) if kind == "region" else data.department_name(code)
