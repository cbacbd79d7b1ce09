"""The petition office serving each region, and the pyramid a case climbs: tables over the
packaged reference data (no database, no broker)."""

from __future__ import annotations

import pytest

from services.routing.domain.matcher import next_level
from services.routing.domain.offices import PYRAMID, Offices
from shared.refdata import load_refdata
from shared.schemas.petition import Level

OFFICES = Offices(load_refdata())


@pytest.mark.parametrize(
    ("region", "office"),
    [
        ("320800", "320800-XFJ"),  # the city: the city bureau
        ("320812", "320812-XFJ"),  # a county: its own office
        ("320812001", "320812-XFJ"),  # a township: the county's office above it
        ("320812001001", "320812-XFJ"),  # a village: the nearest office, two levels up
        ("320831", "320831-XFJ"),
        ("320831003", "320831-XFJ"),
        ("999999", "320800-XFJ"),  # unknown: the city's office takes it
        ("", "320800-XFJ"),
    ],
)
def test_office_for(region: str, office: str) -> None:
    assert OFFICES.office_for(region) == office


def test_the_pyramid_runs_from_the_township_to_the_city() -> None:
    assert PYRAMID == (Level.TOWNSHIP, Level.COUNTY, Level.CITY)


@pytest.mark.parametrize(
    ("level", "above"),
    [
        (Level.TOWNSHIP, Level.COUNTY),
        (Level.COUNTY, Level.CITY),
        (Level.CITY, None),  # nowhere above the city
        (Level.VILLAGE, Level.COUNTY),  # off the pyramid: taken as its bottom
    ],
)
def test_next_level(level: Level, above: Level | None) -> None:
    assert next_level(level) == above
