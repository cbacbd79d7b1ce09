"""Feedback's views of the org tree (``shared.refdata.OrgTree``): its figures are by region,
so a department stands for the region it sits in, and a code the tree does not know is a
region of its own (a report still reads)."""

from __future__ import annotations

from shared.refdata import OrgTree


def region_chain(tree: OrgTree, code: str) -> list[str]:
    """The region and every region above it, nearest first; ``[code]`` if not a region."""
    return tree.ancestors(code) if tree.is_region(code) else [code]


def region_subtree(tree: OrgTree, root: str) -> set[str]:
    """Every region code at or under ``root`` (a department stands for its region)."""
    start = tree.home_region(root)
    return {start, *(code for code in tree.subtree(start) if tree.is_region(code))}
