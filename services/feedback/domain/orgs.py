"""Feedback's views of the org tree (``shared.refdata.OrgTree``): its figures are by region,
so a department stands for the region it sits in, and a code the tree does not know is a
region of its own (a report still reads)."""

from __future__ import annotations

from shared.refdata import OrgTree


def org_region(tree: OrgTree, org: str) -> str:
    """A principal's org as a region: a department stands for its region; else the code."""
    return tree.region_of(org) or org


def region_chain(tree: OrgTree, code: str) -> list[str]:
    """The region and every region above it, nearest first; ``[code]`` if not a region."""
    return tree.ancestors(code) if tree.is_region(code) else [code]


def region_subtree(tree: OrgTree, root: str) -> set[str]:
    """Every region code at or under ``root`` (a department stands for its region)."""
    start = org_region(tree, root)
    return {start, *(code for code in tree.subtree(start) if tree.is_region(code))}
