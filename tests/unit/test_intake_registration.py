"""Registration: code checks, the petitioner key, repeat candidates, skip-level, tracking."""

from __future__ import annotations

import random
from datetime import date

import pytest

from services.intake.domain import (
    EarlierPetition,
    InvalidCommand,
    Policy,
    UnknownReference,
    register,
)
from services.intake.domain.identity import petitioner_key
from services.intake.domain.tracking import new_tracking_code, normalise_tracking_code
from shared.schemas.petition import Channel, Kind, Level, PetitionRegistered
from tests.support.intake import (
    EARLIER,
    ID_NUMBER,
    SECRET,
    FakeHistory,
    make_ctx,
    registration,
)


def _registered(ctx_history: FakeHistory | None = None, **kw: object) -> PetitionRegistered:
    event = register(registration(**kw), make_ctx(history=ctx_history)).events[0]
    assert isinstance(event, PetitionRegistered)
    return event


def test_the_id_number_is_kept_only_as_a_keyed_hash() -> None:
    history = FakeHistory()
    event = _registered(history)
    assert event.petitioner_key == petitioner_key(ID_NUMBER, SECRET)
    assert event.petitioner_key == petitioner_key(ID_NUMBER.upper(), SECRET)  # x and X alike
    assert event.petitioner_key != petitioner_key(ID_NUMBER, b"another-key-0123456789abcdef")
    assert ID_NUMBER not in (event.petitioner_key or "")
    assert history.asked == [event.petitioner_key]  # the port sees the key, not the number


def test_repeat_candidate_same_petitioner_same_category_within_window() -> None:
    assert _registered(FakeHistory([EARLIER])).repeat_candidate_of == "p-earlier"


@pytest.mark.parametrize(
    ("earlier", "why"),
    [
        (EarlierPetition("p-old", "T", "0101", date(2025, 6, 1), Level.TOWNSHIP), "outside window"),
        (
            EarlierPetition("p-other", "T", "0201", date(2026, 2, 1), Level.TOWNSHIP),
            "other category",
        ),
    ],
)
def test_no_repeat_candidate(earlier: EarlierPetition, why: str) -> None:
    assert _registered(FakeHistory([earlier])).repeat_candidate_of is None, why


def test_repeat_window_is_configurable_and_the_latest_is_chosen() -> None:
    older = EarlierPetition("p-1", "T1", "0101", date(2025, 6, 1), Level.TOWNSHIP)
    newer = EarlierPetition("p-2", "T2", "0101", date(2025, 9, 1), Level.TOWNSHIP)
    ctx = make_ctx(history=FakeHistory([older, newer]), policy=Policy(repeat_window_days=365))
    event = register(registration(), ctx).events[0]
    assert event.repeat_candidate_of == "p-2"


def test_no_id_number_no_repeat_matching() -> None:
    history = FakeHistory([EARLIER])
    event = _registered(history, petitioner={"name": "匿名"})
    assert event.petitioner_key is None and event.repeat_candidate_of is None
    assert history.asked == []


def test_skip_level_when_received_above_the_responsible_level_first_time() -> None:
    event = _registered(FakeHistory(), receiving_org="320800-XFJ")
    assert event.responsible_level == Level.TOWNSHIP  # a village's matter is the township's
    assert event.receiving_level == Level.CITY
    assert event.skip_level


def test_not_skip_level_after_an_earlier_petition_at_a_lower_level() -> None:
    # EARLIER was received by the township on the same category.
    assert not _registered(FakeHistory([EARLIER]), receiving_org="320800-XFJ").skip_level


def test_not_skip_level_at_the_responsible_level() -> None:
    assert not _registered(FakeHistory()).skip_level
    county_matter = _registered(FakeHistory(), region_code="320831", receiving_org="320831-XFJ")
    assert not county_matter.skip_level


def test_an_earlier_petition_at_the_same_level_does_not_clear_skip_level() -> None:
    city = EarlierPetition("p-c", "T", "0101", date(2026, 2, 1), Level.CITY)
    assert _registered(FakeHistory([city]), receiving_org="320800-XFJ").skip_level


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"category_code": "01"}, "category_code", UnknownReference),
        ({"category_code": "9999"}, "category_code", UnknownReference),
        ({"region_code": "110000"}, "region_code", UnknownReference),
        ({"receiving_org": "nope"}, "receiving_org", UnknownReference),
        ({"channel": Channel.WECHAT}, "channel", InvalidCommand),
        ({"accused_org": "320831-ZJJ"}, "accused_org", InvalidCommand),
        (
            {"kind": Kind.ACCUSATION, "category_code": "1103", "accused_org": "320831003-gov"},
            "accused_org",
            UnknownReference,
        ),
        ({"received_on": date(2026, 3, 3)}, "received_on", InvalidCommand),
        ({"collective": True, "headcount": 1}, "headcount", InvalidCommand),
    ],
)
def test_registration_refuses_bad_codes_naming_the_field(
    overrides: dict[str, object], field: str, error: type[Exception]
) -> None:
    with pytest.raises(error) as info:
        register(registration(**overrides), make_ctx())
    assert getattr(info.value, "field", None) == field


def test_suggestions_may_come_by_wechat_and_a_late_letter_keeps_its_date() -> None:
    event = _registered(channel=Channel.WECHAT, kind=Kind.SUGGESTION, category_code="1803")
    assert event.channel == Channel.WECHAT
    late = _registered(received_on=date(2026, 2, 20))
    assert late.received_on == date(2026, 2, 20) and late.forward_due == date(2026, 3, 9)


def test_tracking_codes_are_well_formed_and_checked() -> None:
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = next(iter(codes))
    assert len(code) == 19 and code.count("-") == 3
    assert normalise_tracking_code(code.lower().replace("-", " ")) == code
    assert normalise_tracking_code(code.replace("-", "")) == code


def test_a_mistyped_tracking_code_is_caught() -> None:
    rng = random.Random(7)
    code = new_tracking_code(rng.getrandbits)
    i = 2 if code[2] != "7" else 3
    typo = code[:i] + ("7" if code[i] != "7" else "8") + code[i + 1 :]
    assert normalise_tracking_code(typo) is None
    assert normalise_tracking_code("ABCD") is None
    # Letters that look like digits are read as the digits.
    assert normalise_tracking_code(code.replace("0", "O").replace("1", "I")) == code
