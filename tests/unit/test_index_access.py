"""Who may read which scorecards and act on which regions, over the org tree; and the
refusals the application raises (status, title, detail as the index always answered)."""

from __future__ import annotations

import pytest

from services.index.domain.access import ensure_may_act, ensure_may_read, may_act, may_read
from services.index.domain.errors import OutsideOrg, Refused
from services.index.domain.orgs import regions_within
from shared.auth.roles import Principal, Role
from shared.refdata import OrgTree

TREE = OrgTree(
    {"C": None, "K": "C", "T": "K", "K2": "C"},
    {"K-ZJJ": "K", "C-OFFICE": "C"},
)


def who(role: Role, org: str) -> Principal:
    return Principal(user_id="u", role=role, org=org)


@pytest.mark.parametrize(
    ("role", "org", "subject", "read", "act"),
    [
        (Role.LEADER, "K", "T", True, False),
        (Role.LEADER, "K", "K-ZJJ", True, False),  # a department's card is its region's
        (Role.LEADER, "K", "K2", False, False),
        (Role.LEADER, "K", "C", False, False),
        (Role.PETITION_OFFICE, "K", "T", True, True),
        (Role.PETITION_OFFICE, "K", "K2", False, False),
        (Role.PETITION_OFFICE, "C-OFFICE", "T", True, True),  # a department acts for its region
        (Role.INSPECTOR, "K", "T", True, False),
        (Role.AUDITOR, "T", "C", True, False),
        (Role.ADMIN, "T", "C", True, True),
        (Role.HANDLER, "K-ZJJ", "K-ZJJ", False, False),
        (Role.LEADER, "nowhere", "nowhere", True, False),  # an unknown code is its own subtree
        (Role.LEADER, "nowhere", "T", False, False),
    ],
)
def test_read_and_act(role: Role, org: str, subject: str, read: bool, act: bool) -> None:
    assert may_read(who(role, org), subject, TREE) is read
    assert may_act(who(role, org), subject, TREE) is act


@pytest.mark.parametrize(
    ("role", "org", "region", "error", "detail"),
    [
        (Role.PETITION_OFFICE, "K", "X", Refused, "unknown region 'X'"),
        (Role.PETITION_OFFICE, "K", "K-ZJJ", Refused, "unknown region 'K-ZJJ'"),
        (Role.PETITION_OFFICE, "K", "K2", OutsideOrg, "K2 is outside your org"),
        (Role.LEADER, "C", "T", OutsideOrg, "T is outside your org"),
    ],
)
def test_refusals_to_act(
    role: Role, org: str, region: str, error: type[Exception], detail: str
) -> None:
    with pytest.raises(error) as refused:
        ensure_may_act(who(role, org), region, TREE)
    assert str(refused.value) == detail


@pytest.mark.parametrize(
    ("error", "status", "title"),
    [(Refused, 422, "Unprocessable Entity"), (OutsideOrg, 403, "Forbidden")],
)
def test_the_refusals_answer_as_before(
    error: type[Refused | OutsideOrg], status: int, title: str
) -> None:
    assert (error.status, error.title) == (status, title)


def test_a_refused_read_names_the_subject() -> None:
    with pytest.raises(OutsideOrg, match=r"^K2 is outside your org$"):
        ensure_may_read(who(Role.LEADER, "K"), "K2", TREE)
    ensure_may_read(who(Role.LEADER, "K"), "T", TREE)


@pytest.mark.parametrize(("org", "home"), [("K-ZJJ", "K"), ("K", "K"), ("nowhere", "nowhere")])
def test_home_region(org: str, home: str) -> None:
    assert TREE.home_region(org) == home


@pytest.mark.parametrize(
    ("root", "regions"),
    [
        ("K", ["K", "T"]),  # departments left out
        ("C", ["C", "K", "K2", "T"]),
        ("T", ["T"]),
        ("nowhere", ["nowhere"]),
    ],
)
def test_regions_within(root: str, regions: list[str]) -> None:
    assert regions_within(TREE, root) == regions
