"""Who sees what in feedback: everything, a region's subtree, or a handler's own unit."""

from __future__ import annotations

import pytest

from services.feedback.domain.access import may_see, visible_regions
from shared.auth.roles import Principal, Role
from shared.refdata import OrgTree

TREE = OrgTree(
    {"C": None, "K1": "C", "K2": "C", "T1": "K1"},
    {"K1-ZJJ": "K1", "K1-XFJ": "K1", "K1-GOV": "K1", "K2-ZJJ": "K2"},
    {"K1-GOV": "K1"},
)


def who(role: str, org: str) -> Principal:
    return Principal(user_id="u", role=Role(role), org=org)


@pytest.mark.parametrize(
    ("role", "org", "target", "seen"),
    [
        ("admin", "C", "K2-ZJJ", True),
        ("auditor", "K1", "K2", True),
        ("handler", "K1-ZJJ", "K1-ZJJ", True),
        ("handler", "K1-ZJJ", "K1", False),
        ("handler", "K1-ZJJ", "K1-XFJ", False),
        ("petition_office", "K1", "T1", True),
        ("petition_office", "K1", "K1-ZJJ", True),
        ("petition_office", "K1", "K2", False),
        ("petition_office", "K1", "C", False),
        ("petition_office", "K1-XFJ", "T1", True),  # a department's office: its region's
        ("leader", "C", "K2-ZJJ", True),
        ("inspector", "K2", "K1", False),
        ("case_owner", "K1", "K1", False),  # not a feedback reader
        ("petition_office", "K1", "unknown", False),
    ],
)
def test_may_see(role: str, org: str, target: str, seen: bool) -> None:
    assert may_see(who(role, org), target, TREE) is seen


@pytest.mark.parametrize(
    ("role", "org", "regions"),
    [
        ("admin", "C", None),
        ("auditor", "K1", None),
        ("leader", "K1", {"K1", "T1"}),
        ("petition_office", "K1-XFJ", {"K1", "T1"}),
        ("inspector", "C", {"C", "K1", "K2", "T1"}),
        ("handler", "K1-ZJJ", set()),
    ],
)
def test_visible_regions(role: str, org: str, regions: set[str] | None) -> None:
    assert visible_regions(who(role, org), TREE) == regions


@pytest.mark.parametrize(
    ("role", "org", "hidden"),
    [
        ("auditor", "K1-ZJJ", frozenset()),  # the auditor is never shielded
        # every unit the org lies within is an accused unit it must not see accused
        ("handler", "K2-ZJJ", frozenset({"K2-ZJJ", "K2", "C"})),
        # inside the government's region: accusations against the government are kept too
        ("handler", "K1-ZJJ", frozenset({"K1-ZJJ", "K1", "C", "K1-GOV"})),
        ("leader", "C", frozenset({"C"})),
    ],
)
def test_hidden_from(role: str, org: str, hidden: frozenset[str]) -> None:
    assert TREE.hidden_from(who(role, org)) == hidden
