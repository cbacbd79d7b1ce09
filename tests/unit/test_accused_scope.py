"""Accuser confidentiality (Art. 30/45): who is of the accused unit, over the city's own
reference data. An accusation against 银涂镇人民政府 (320831003-GOV, the government of township
320831003) is one against the whole township: its leaders, petition office, case owners and
villages; the county above (金湖县 320831) and the inspectors may read it."""

from __future__ import annotations

import pytest

from shared.auth.roles import Principal, Role
from shared.auth.scope import (
    PetitionFacts,
    accused_units_over,
    can_act,
    can_read,
    in_accused_scope,
    kept_from,
    may_receive_accusation,
    may_see_accusation_details,
    may_see_content,
    may_see_petitioner,
    read_filter,
    reporting_region,
)
from shared.refdata import OrgTree, load_refdata

REF = load_refdata()
TREE = REF.org_tree
ACCUSED = "320831003-GOV"
# A matter in a village of the township, received by the county petition bureau and assigned
# to the city discipline commission: everyone below could otherwise read it by region.
CASE = PetitionFacts(
    region="320831003001",
    receiving_org="320831-XFJ",
    assigned_department="320800-JWJ",
    case_owner="owner-1",
    overdue=True,
    accusation=True,
    accused_org=ACCUSED,
)

# Where the principal sits, and whether that is of the accused unit.
POSITIONS = {
    "the unit itself": ("320831003-GOV", True),
    "its region": ("320831003", True),
    "inside its region": ("320831003001", True),
    "its superior county": ("320831", False),
    "a county department": ("320831-ZJJ", False),
    "a sibling township": ("320831004", False),
    "the sibling's government": ("320831004-GOV", False),
    "the city": ("320800", False),
}


@pytest.mark.parametrize(("org", "inside"), POSITIONS.values(), ids=POSITIONS.keys())
def test_in_accused_scope(org: str, inside: bool) -> None:
    assert in_accused_scope(org, ACCUSED, TREE) is inside
    assert may_receive_accusation(org, ACCUSED, TREE) is not inside
    assert not in_accused_scope(org, None, TREE)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("org", "inside"), POSITIONS.values(), ids=POSITIONS.keys())
def test_every_role_of_the_accused_unit_is_kept_out(role: Role, org: str, inside: bool) -> None:
    who = Principal(user_id="owner-1", role=role, org=org)
    if inside:
        assert not may_see_accusation_details(who, ACCUSED, TREE)
        assert not may_see_content(who, CASE, TREE)
        assert not may_see_petitioner(who, CASE, TREE)
        assert not can_act(who, CASE, TREE)
        # The auditor alone learns it exists (the log it traces is whole), nobody else.
        assert kept_from(who, CASE, TREE) is (role is not Role.AUDITOR)
        assert can_read(who, CASE, TREE) is (role is Role.AUDITOR)
    else:
        assert may_see_accusation_details(who, ACCUSED, TREE)
        assert not kept_from(who, CASE, TREE)


def test_superiors_and_inspectors_read_it() -> None:
    county_office = Principal(user_id="u", role=Role.PETITION_OFFICE, org="320831")
    assert can_read(county_office, CASE, TREE) and may_see_petitioner(county_office, CASE, TREE)
    assert can_act(county_office, CASE, TREE)
    # The county's inspector investigates the township: reads it, never the petitioner block.
    inspector = Principal(user_id="u", role=Role.INSPECTOR, org="320831")
    assert can_read(inspector, CASE, TREE) and may_see_content(inspector, CASE, TREE)
    assert not may_see_petitioner(inspector, CASE, TREE)
    # The township's own inspector is of the accused unit: it learns nothing of it.
    own = Principal(user_id="u", role=Role.INSPECTOR, org="320831003")
    assert kept_from(own, CASE, TREE) and not may_see_content(own, CASE, TREE)


def test_not_a_government_is_only_itself() -> None:
    # The county housing bureau is no region's government: its county is its superior.
    assert in_accused_scope("320831-ZJJ", "320831-ZJJ", TREE)
    assert not in_accused_scope("320831", "320831-ZJJ", TREE)
    assert not in_accused_scope("320831003", "320831-ZJJ", TREE)
    # A region named as the accused unit is its whole subtree, departments included.
    assert in_accused_scope("320831-ZJJ", "320831", TREE)
    assert in_accused_scope("320831003-GOV", "320831", TREE)
    assert not in_accused_scope("320800", "320831", TREE)


def test_the_marker_comes_from_the_reference_data() -> None:
    assert TREE.governed_region(ACCUSED) == "320831003"
    assert TREE.governed_region("320831-XFJ") is None
    assert all(code.endswith("-GOV") for code in REF.governments)
    # A city's own files without the marker: every unit is only itself.
    bare = OrgTree({"1": None, "11": "1", "11-GOV": "11"})
    assert not in_accused_scope("11", "11-GOV", bare)
    marked = OrgTree({"1": None, "11": "1", "11-GOV": "11"}, governments={"11-GOV": "11"})
    assert in_accused_scope("11", "11-GOV", marked)


@pytest.mark.parametrize("org", [org for org, _ in POSITIONS.values()] + ["NOT-IN-TREE"])
def test_the_database_filter_is_the_same_rule(org: str) -> None:
    units = accused_units_over(org, TREE.codes, TREE)
    for accused in [*TREE.codes, "NOT-IN-TREE", "ELSEWHERE"]:
        assert (accused in units) is in_accused_scope(org, accused, TREE), accused


def test_read_filter_matches_can_read() -> None:
    for org, _ in POSITIONS.values():
        for role in Role:
            who = Principal(user_id="owner-1", role=role, org=org)
            assert read_filter(who).matches(CASE, TREE) is can_read(who, CASE, TREE)


def test_reporting_region_is_above_the_scope() -> None:
    chain = REF.ancestors("320831003001")
    assert reporting_region(chain, ACCUSED, TREE) == "320831"
    assert reporting_region(chain, "320831-ZJJ", TREE) == "320831003001"
    assert reporting_region(chain, None, TREE) == "320831003001"
    assert reporting_region(chain, "320800", TREE) is None
