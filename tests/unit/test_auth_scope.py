"""The access matrix as tables: region subtrees, a handler's own department, case owners,
inspectors, auditors, and accusation confidentiality (检举控告类, Art. 30/45)."""

from __future__ import annotations

import pytest

from shared.auth.roles import Principal, Role
from shared.auth.scope import (
    PETITIONER_DATA_ROLES,
    PetitionFacts,
    ReadFilter,
    can_act,
    can_read,
    can_read_accountability,
    can_register,
    in_region,
    may_receive_accusation,
    may_see_accusation_details,
    may_see_content,
    may_see_petitioner,
    read_filter,
)
from shared.refdata import OrgTree

# 淮安市 -> 清江浦区 -> 清江街道 -> 新安社区; 淮安区 beside it. Departments under their region.
TREE = OrgTree(
    {
        "320800": None,
        "320812": "320800",
        "320812001": "320812",
        "320812001001": "320812001",
        "320803": "320800",
        "320803001": "320803",
        "320800-ZJJ": "320800",  # city housing bureau
        "320812-ZJJ": "320812",  # district housing bureau
        "320812-XFJ": "320812",  # district petition bureau
        "320803-ZJJ": "320803",
    }
)
within = TREE.is_within


def who(role: Role, org: str, user: str = "u-1") -> Principal:
    return Principal(user_id=user, role=role, org=org)


# A matter in a village of 清江浦区, received by the district, assigned to its housing bureau.
VILLAGE_CASE = PetitionFacts(
    region="320812001001",
    receiving_org="320812",
    assigned_department="320812-ZJJ",
    case_owner="leader-7",
)
OVERDUE_CASE = PetitionFacts(
    region="320812001",
    receiving_org="320812",
    assigned_department="320812-ZJJ",
    overdue=True,
)
OTHER_DISTRICT = PetitionFacts(
    region="320803001", receiving_org="320803", assigned_department="320803-ZJJ"
)


def test_org_tree() -> None:
    assert within("320812001001", "320800")
    assert within("320812001001", "320812001001")
    assert within("320812-ZJJ", "320812")
    assert not within("320812", "320812001")
    assert not within("320803001", "320812")
    assert not within("unknown", "320812")
    assert within("unknown", "unknown")
    assert TREE.ancestors("320812001") == ["320812001", "320812", "320800"]
    looped = OrgTree({"a": "b", "b": "a"})
    assert looped.is_within("a", "b") and not looped.is_within("a", "c")


def test_subtree_is_the_set_is_within_describes() -> None:
    assert TREE.subtree("320812") == {
        "320812",
        "320812001",
        "320812001001",
        "320812-ZJJ",
        "320812-XFJ",
    }
    codes = [*TREE.ancestors("320812001001"), "320803", "320803001", "320800-ZJJ", "nowhere"]
    codes += ["320812-ZJJ", "320812-XFJ", "320803-ZJJ"]
    for root in codes:
        assert TREE.subtree(root) == {c for c in codes if within(c, root)}
    assert TREE.subtree("nowhere") == {"nowhere"}


@pytest.mark.parametrize(
    ("principal", "petition", "read", "act"),
    [
        # petition office of a region: its whole subtree, not beside it
        (who(Role.PETITION_OFFICE, "320812"), VILLAGE_CASE, True, True),
        (who(Role.PETITION_OFFICE, "320800"), VILLAGE_CASE, True, True),
        (who(Role.PETITION_OFFICE, "320812001"), VILLAGE_CASE, True, True),
        (who(Role.PETITION_OFFICE, "320803"), VILLAGE_CASE, False, False),
        (who(Role.PETITION_OFFICE, "320812"), OTHER_DISTRICT, False, False),
        # leader: reads within the subtree, never acts
        (who(Role.LEADER, "320812"), VILLAGE_CASE, True, False),
        (who(Role.LEADER, "320800"), OTHER_DISTRICT, True, False),
        (who(Role.LEADER, "320803"), VILLAGE_CASE, False, False),
        # handler: only what is assigned to its own department (not the city bureau above)
        (who(Role.HANDLER, "320812-ZJJ"), VILLAGE_CASE, True, True),
        (who(Role.HANDLER, "320800-ZJJ"), VILLAGE_CASE, False, False),
        (who(Role.HANDLER, "320803-ZJJ"), VILLAGE_CASE, False, False),
        (who(Role.HANDLER, "320812"), VILLAGE_CASE, False, False),
        (who(Role.HANDLER, "320812-ZJJ"), PetitionFacts("320812", "320812"), False, False),
        # case owner: the cases it owns
        (who(Role.CASE_OWNER, "320812", user="leader-7"), VILLAGE_CASE, True, True),
        (who(Role.CASE_OWNER, "320812", user="leader-8"), VILLAGE_CASE, False, False),
        # registrar: what was received at its org, read only
        (who(Role.REGISTRAR, "320812"), VILLAGE_CASE, True, False),
        (who(Role.REGISTRAR, "320800"), VILLAGE_CASE, False, False),
        # inspector: overdue cases within its region
        (who(Role.INSPECTOR, "320800"), VILLAGE_CASE, False, False),
        (who(Role.INSPECTOR, "320800"), OVERDUE_CASE, True, False),
        (who(Role.INSPECTOR, "320803"), OVERDUE_CASE, False, False),
        # auditor reads everything, read-only; admin everything
        (who(Role.AUDITOR, "320803"), VILLAGE_CASE, True, False),
        (who(Role.AUDITOR, "320800"), OVERDUE_CASE, True, False),
        (who(Role.ADMIN, "320803"), VILLAGE_CASE, True, True),
    ],
)
def test_read_and_act(principal: Principal, petition: PetitionFacts, read: bool, act: bool) -> None:
    assert can_read(principal, petition, TREE) is read
    assert can_act(principal, petition, TREE) is act
    if act:
        assert read, "whoever may act may read"


def test_in_region_counts_receiving_org_and_department() -> None:
    # Received in 淮安区 about a matter in 清江浦区: both districts' offices are concerned.
    cross = PetitionFacts(region="320812001", receiving_org="320803")
    assert in_region(cross, "320812", within) and in_region(cross, "320803", within)
    assert not in_region(cross, "320812001001", within)
    assigned = PetitionFacts(
        region="320803", receiving_org="320803", assigned_department="320812-ZJJ"
    )
    assert in_region(assigned, "320812", within)


@pytest.mark.parametrize(
    ("principal", "receiving_org", "allowed"),
    [
        (who(Role.REGISTRAR, "320812"), "320812", True),
        (who(Role.REGISTRAR, "320812"), "320812001", False),  # its own org only
        (who(Role.REGISTRAR, "320812"), "320800", False),
        (who(Role.PETITION_OFFICE, "320812"), "320812001", True),
        (who(Role.PETITION_OFFICE, "320812"), "320803", False),
        (who(Role.ADMIN, "320803"), "320812", True),
        (who(Role.HANDLER, "320812-ZJJ"), "320812-ZJJ", False),
        (who(Role.LEADER, "320812"), "320812", False),
        (who(Role.AUDITOR, "320800"), "320800", False),
        (who(Role.INSPECTOR, "320800"), "320800", False),
        (who(Role.CASE_OWNER, "320812"), "320812", False),
    ],
)
def test_register(principal: Principal, receiving_org: str, allowed: bool) -> None:
    assert can_register(principal, receiving_org, within) is allowed


@pytest.mark.parametrize(
    ("principal", "org", "allowed"),
    [
        (who(Role.INSPECTOR, "320800"), "320812-ZJJ", True),
        (who(Role.INSPECTOR, "320812"), "320812001", True),
        (who(Role.INSPECTOR, "320812"), "320803-ZJJ", False),
        (who(Role.AUDITOR, "320803"), "320812", True),
        (who(Role.ADMIN, "320803"), "320812", True),
        (who(Role.LEADER, "320800"), "320812", False),
        (who(Role.HANDLER, "320812-ZJJ"), "320812-ZJJ", False),
        (who(Role.PETITION_OFFICE, "320800"), "320812", False),
    ],
)
def test_accountability_records(principal: Principal, org: str, allowed: bool) -> None:
    assert can_read_accountability(principal, org, within) is allowed


# 检举控告: an accusation against the district housing bureau, about a matter in a village,
# received by the district and assigned (correctly) to the city housing bureau.
ACCUSATION = PetitionFacts(
    region="320812001001",
    receiving_org="320812",
    assigned_department="320800-ZJJ",
    accusation=True,
    accused_org="320812-ZJJ",
)
# ... and one against the township government itself.
AGAINST_TOWNSHIP = PetitionFacts(
    region="320812001001", receiving_org="320812", accusation=True, accused_org="320812001"
)


@pytest.mark.parametrize(
    ("principal", "accused_org", "allowed"),
    [
        (who(Role.HANDLER, "320812-ZJJ"), "320812-ZJJ", False),  # the accused unit itself
        (who(Role.ADMIN, "320812-ZJJ"), "320812-ZJJ", False),  # whatever the role
        (who(Role.PETITION_OFFICE, "320812"), "320812", False),
        (who(Role.LEADER, "320812001001"), "320812001", False),  # a village under it
        (who(Role.REGISTRAR, "320812-ZJJ"), "320812", False),  # a department of it
        (who(Role.PETITION_OFFICE, "320812"), "320812001", True),  # the level above
        (who(Role.HANDLER, "320800-ZJJ"), "320812-ZJJ", True),
        (who(Role.PETITION_OFFICE, "320812"), "320812-ZJJ", True),
        (who(Role.HANDLER, "320812-ZJJ"), None, True),  # nobody named
        (who(Role.HANDLER, "NOT-IN-TREE"), "NOT-IN-TREE", False),  # unknown code: equality
    ],
)
def test_accusation_confidentiality(
    principal: Principal, accused_org: str | None, allowed: bool
) -> None:
    assert may_see_accusation_details(principal, accused_org, TREE) is allowed


def test_accusation_never_reaches_the_accused_unit() -> None:
    # Even where the scope rules would let it read, the accused unit does not learn the
    # accusation exists: no read, no content, no petitioner block, no act.
    township_office = who(Role.PETITION_OFFICE, "320812001")
    assert not can_read(township_office, AGAINST_TOWNSHIP, TREE)
    assert not may_see_content(township_office, AGAINST_TOWNSHIP, TREE)
    assert not may_see_petitioner(township_office, AGAINST_TOWNSHIP, TREE)
    assert not can_act(township_office, AGAINST_TOWNSHIP, TREE)
    # A handler wrongly assigned the accusation against itself still sees nothing.
    misassigned = PetitionFacts(
        region="320812001",
        receiving_org="320812",
        assigned_department="320812-ZJJ",
        accusation=True,
        accused_org="320812-ZJJ",
    )
    accused = who(Role.HANDLER, "320812-ZJJ")
    assert not can_read(accused, misassigned, TREE)
    assert not may_see_content(accused, misassigned, TREE)
    assert not may_see_petitioner(accused, misassigned, TREE)
    assert not can_act(accused, misassigned, TREE)
    # The district office above the accused bureau and the handling city bureau do see it.
    for principal in (who(Role.PETITION_OFFICE, "320812"), who(Role.HANDLER, "320800-ZJJ")):
        assert may_see_petitioner(principal, ACCUSATION, TREE)
        assert can_act(principal, ACCUSATION, TREE)


@pytest.mark.parametrize(
    ("org", "allowed"),
    [("320812-ZJJ", False), ("320812", True), ("320800-ZJJ", True), ("320803-ZJJ", True)],
)
def test_accusation_assignment(org: str, allowed: bool) -> None:
    assert may_receive_accusation(org, "320812-ZJJ", TREE) is allowed
    assert may_receive_accusation(org, None, TREE)


def test_accusation_flag_matters() -> None:
    not_accusation = PetitionFacts(
        region="320812001",
        receiving_org="320812",
        assigned_department="320812-ZJJ",
        accused_org="320812-ZJJ",
    )
    assert may_see_content(who(Role.HANDLER, "320812-ZJJ"), not_accusation, TREE)


@pytest.mark.parametrize("role", list(Role))
def test_petitioner_data_roles(role: Role) -> None:
    principal = who(role, "320800", user="leader-7")
    case = PetitionFacts(
        region="320800",
        receiving_org="320800",
        assigned_department="320800",
        case_owner="leader-7",
        overdue=True,
    )
    assert can_read(principal, case, TREE)
    assert may_see_content(principal, case, TREE)
    expected = role not in {Role.INSPECTOR, Role.AUDITOR}
    assert may_see_petitioner(principal, case, TREE) is expected
    assert (role in PETITIONER_DATA_ROLES) is expected


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (who(Role.ADMIN, "x"), ReadFilter(everything=True, shielded="x")),
        (who(Role.AUDITOR, "x"), ReadFilter(everything=True)),
        (who(Role.PETITION_OFFICE, "320812"), ReadFilter(subtree="320812", shielded="320812")),
        (who(Role.LEADER, "320812"), ReadFilter(subtree="320812", shielded="320812")),
        (
            who(Role.INSPECTOR, "320812"),
            ReadFilter(subtree="320812", overdue_only=True, shielded="320812"),
        ),
        (
            who(Role.HANDLER, "320812-ZJJ"),
            ReadFilter(department="320812-ZJJ", shielded="320812-ZJJ"),
        ),
        (
            who(Role.CASE_OWNER, "320812", user="leader-7"),
            ReadFilter(case_owner="leader-7", shielded="320812"),
        ),
        (who(Role.REGISTRAR, "320812"), ReadFilter(receiving_org="320812", shielded="320812")),
    ],
)
def test_read_filter_for_searches(principal: Principal, expected: ReadFilter) -> None:
    assert read_filter(principal) == expected


def test_nothing_filter() -> None:
    assert not ReadFilter(nothing=True).matches(VILLAGE_CASE, TREE)
