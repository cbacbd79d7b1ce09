"""Intake counts days in the city's time zone, as the other services do, whatever the host's."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from services.intake.main import build_api_context
from services.intake.settings import IntakeSettings
from shared.clock import FakeClock
from shared.eventstore import make_engine
from shared.runtime.topics import Topics

# UTC+14: its calendar day differs from the host's (UTC here) for 14 hours of every day.
FAR_EAST = "Pacific/Kiritimati"


def test_the_default_clock_is_the_city_day() -> None:
    settings = IntakeSettings(database_url="sqlite://", timezone=FAR_EAST)
    runtime = build_api_context(settings, make_engine(settings.database_url), Topics())
    before = datetime.now(ZoneInfo(FAR_EAST)).date()
    today = runtime.clock.today()
    assert today in (before, datetime.now(ZoneInfo(FAR_EAST)).date())


def test_a_given_clock_is_kept() -> None:
    settings = IntakeSettings(database_url="sqlite://")
    fixed = FakeClock(date(2026, 3, 2))
    runtime = build_api_context(settings, make_engine(settings.database_url), Topics(), clock=fixed)
    assert runtime.clock is fixed
    assert runtime.rules.today == date(2026, 3, 2)


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown time zone"):
        IntakeSettings(timezone="Mars/Olympus_Mons")
