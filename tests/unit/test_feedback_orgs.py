"""Feedback's views of the org tree: a department stands for its region, an unknown code is a
region of its own."""

from __future__ import annotations

import pytest

from services.feedback.domain.orgs import region_chain, region_subtree
from shared.refdata import OrgTree

TREE = OrgTree(
    {"C": None, "K1": "C", "K2": "C", "T1": "K1", "V1": "T1", "T2": "K2"},
    {"K1-ZJJ": "K1", "C-XFJ": "C", "T1-GOV": "T1"},
    {"T1-GOV": "T1"},
)


@pytest.mark.parametrize(
    ("org", "region"),
    [("K1", "K1"), ("K1-ZJJ", "K1"), ("C-XFJ", "C"), ("V1", "V1"), ("nowhere", "nowhere")],
)
def test_org_region(org: str, region: str) -> None:
    assert TREE.home_region(org) == region


@pytest.mark.parametrize(
    ("code", "chain"),
    [
        ("V1", ["V1", "T1", "K1", "C"]),
        ("K2", ["K2", "C"]),
        ("C", ["C"]),
        ("K1-ZJJ", ["K1-ZJJ"]),  # a department is not a region: its figures stand alone
        ("nowhere", ["nowhere"]),
    ],
)
def test_region_chain(code: str, chain: list[str]) -> None:
    assert region_chain(TREE, code) == chain


@pytest.mark.parametrize(
    ("root", "regions"),
    [
        ("C", {"C", "K1", "K2", "T1", "V1", "T2"}),
        ("K1", {"K1", "T1", "V1"}),
        ("K1-ZJJ", {"K1", "T1", "V1"}),  # a department root: its region's subtree
        ("C-XFJ", {"C", "K1", "K2", "T1", "V1", "T2"}),
        ("V1", {"V1"}),
        ("nowhere", {"nowhere"}),
    ],
)
def test_region_subtree_holds_regions_only(root: str, regions: set[str]) -> None:
    assert region_subtree(TREE, root) == regions
